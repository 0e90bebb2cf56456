import { describe, expect, it } from 'vitest';
import { matchPeople } from '../../../lib/match/engine.ts';
import type { MatchResult, PersonFields } from '../../../lib/match/types.ts';
import { population } from './population.ts';

const BACKGROUND = 600;

/** Runs the engine on the background population plus scenario records; returns their indices too. */
function run(appExtra: PersonFields[], cleverExtra: PersonFields[]) {
  const { app, clever } = population(BACKGROUND);
  const appStart = app.length;
  const cleverStart = clever.length;
  app.push(...appExtra);
  clever.push(...cleverExtra);
  const result = matchPeople(app, clever, { type: 'student' });
  return {
    result,
    appAt: (k: number) => result.app[appStart + k],
    cleverAt: (k: number) => result.clever[cleverStart + k],
    cleverIndex: (k: number) => cleverStart + k,
    appIndex: (k: number) => appStart + k,
  };
}

const school = ['Birch Academy'];
/** Siblings at one address: the same surname, birth date and home address on both sides. */
const larchRoadSibling = {
  last: 'Quenneville',
  dob: '5/9/2014',
  schools: school,
  address: '12 Larch Road',
  zip: '4210',
};

describe('matchPeople', () => {
  it('matches the clean background one to one with high confidence', () => {
    const { result } = run([], []);
    const matched = result.app.filter((o, i) => o.result === 'match' && o.cleverIndex === i);
    expect(matched.length).toBeGreaterThanOrEqual(BACKGROUND * 0.99);
    for (const outcome of matched) expect(outcome.confidence).toBeGreaterThan(0.99);
  });

  it('never assigns one Clever record to two app records, and both sides agree on every match', () => {
    const twin = { last: 'Quill', dob: '3/4/2015', schools: school, grade: '5' };
    const { result } = run(
      [
        { ...twin, first: 'Emma' },
        { ...twin, first: 'Emma' },
      ],
      [{ ...twin, first: 'Emma', dob: '2015-03-04' }],
    );
    assertOneToOne(result);
  });

  it('keeps twins apart: each twin matches its own record and they are not duplicates', () => {
    const twin = { last: 'Quill', schools: school, grade: '5', gender: 'F' };
    const { appAt, cleverIndex, result } = run(
      [
        { ...twin, first: 'Emma', dob: '3/4/2015' },
        { ...twin, first: 'Olivia', dob: '3/4/2015' },
      ],
      [
        { ...twin, first: 'Olivia', dob: '2015-03-04' },
        { ...twin, first: 'Emma', dob: '2015-03-04' },
      ],
    );
    expect(appAt(0)).toMatchObject({ result: 'match', cleverIndex: cleverIndex(1) });
    expect(appAt(1)).toMatchObject({ result: 'match', cleverIndex: cleverIndex(0) });
    assertOneToOne(result);
  });

  it('does not match a twin to the other twin when only one of them is on each side', () => {
    const twin = { last: 'Quill', schools: school, grade: '5', dob: '3/4/2015' };
    const { appAt } = run([{ ...twin, first: 'Emma' }], [{ ...twin, first: 'Olivia' }]);
    expect(appAt(0).result).toBe('from app, no match');
  });

  it('matches a given name mistyped beyond a typo when the home address agrees and no one could be a twin', () => {
    const { appAt, cleverIndex } = run(
      [{ ...larchRoadSibling, first: 'Dorian' }],
      [{ ...larchRoadSibling, first: 'Doreen' }],
    );
    expect(appAt(0)).toMatchObject({ result: 'match', cleverIndex: cleverIndex(0) });
    expect(appAt(0).evidence).toContain('first similar');
    expect(appAt(0).evidence).toContain('address exact');
  });

  it('keeps that pair a suggestion when a third sibling shares surname, birth date and address', () => {
    const { appAt, cleverIndex } = run(
      [{ ...larchRoadSibling, first: 'Dorian' }],
      [
        { ...larchRoadSibling, first: 'Doreen' },
        { ...larchRoadSibling, first: 'Quentin' },
      ],
    );
    expect(appAt(0).result).toBe('from app, no match');
    expect(appAt(0).suggestion?.cleverIndex).toBe(cleverIndex(0));
  });

  it('matches a changed surname when the other record kept an e-mail spelling the old name', () => {
    const { appAt, cleverIndex } = run(
      [{ first: 'Luna', last: 'Kelley', dob: '3/3/2012', schools: school }],
      [
        {
          first: 'Luna',
          last: 'Adams',
          dob: '2012-03-03',
          schools: school,
          email: 'luna.kelley@district.org',
        },
      ],
    );
    expect(appAt(0)).toMatchObject({ result: 'match', cleverIndex: cleverIndex(0) });
    expect(appAt(0).evidence).toContain("email spells the other record's name");
  });

  it('does not let such an e-mail excuse another given name', () => {
    const { appAt } = run(
      [{ first: 'Luna', last: 'Kelley', dob: '3/3/2012', schools: school }],
      [{ first: 'Sofia', last: 'Adams', dob: '2012-03-03', schools: school, email: 'lkelley@district.org' }],
    );
    expect(appAt(0).result).toBe('from app, no match');
  });

  it('does not match namesakes with another birth date', () => {
    const { appAt } = run(
      [{ first: 'Thaddeus', last: 'Wexley', dob: '6/1/2012', schools: school }],
      [{ first: 'Thaddeus', last: 'Wexley', dob: '2014-11-23', schools: ['Maple Elementary'] }],
    );
    expect(appAt(0).result).toBe('from app, no match');
  });

  it('does not match a recycled id whose name and birth date disagree', () => {
    const { appAt } = run(
      [{ first: 'Ava', last: 'Brooks', dob: '2/2/2013', sisId: '777001', schools: school }],
      [{ first: 'Noah', last: 'Perez', dob: '2010-09-17', sisId: '777001', schools: school }],
    );
    expect(appAt(0).result).toBe('from app, no match');
  });

  it('matches a birth date with day and month swapped, and says so', () => {
    const { appAt, cleverIndex } = run(
      [{ first: 'Marisol', last: 'Okafor', dob: '4/3/2014', sisId: '880001', schools: school }],
      [{ first: 'Marisol', last: 'Okafor', dob: '2014-03-04', sisId: '880001', schools: school }],
    );
    expect(appAt(0)).toMatchObject({ result: 'match', cleverIndex: cleverIndex(0) });
    expect(appAt(0).evidence).toContain('dob day/month swapped');
  });

  it('matches a nickname against the formal name', () => {
    const { appAt, cleverIndex } = run(
      [{ first: 'Bob', last: 'Jenkinson', dob: '7/19/2011', schools: school, grade: '8' }],
      [{ first: 'Robert', last: 'Jenkinson', dob: '2011-07-19', schools: school, grade: '8' }],
    );
    expect(appAt(0)).toMatchObject({ result: 'match', cleverIndex: cleverIndex(0) });
    expect(appAt(0).evidence).toContain('first nickname');
  });

  it('matches ids that lost their leading zeros in a spreadsheet', () => {
    const { appAt, cleverIndex } = run(
      [{ first: 'Priya', last: 'Venkat', dob: '1/9/2016', sisId: '4567' }],
      [{ first: 'Priya', last: 'Venkat', dob: '2016-01-09', sisId: '004567' }],
    );
    expect(appAt(0)).toMatchObject({ result: 'match', cleverIndex: cleverIndex(0) });
    expect(appAt(0).evidence).toContain('sis_id zeros stripped');
  });

  it('matches a hyphenated surname against one of its parts', () => {
    const { appAt, cleverIndex } = run(
      [{ first: 'Lucia', last: 'Garcia-Lopez', dob: '5/30/2013', schools: school }],
      [{ first: 'Lucia', last: 'Lopez', dob: '2013-05-30', schools: school }],
    );
    expect(appAt(0)).toMatchObject({ result: 'match', cleverIndex: cleverIndex(0) });
    expect(appAt(0).evidence).toContain('last compound part');
  });

  it('matches one representative of an app duplicate group and marks the others as its duplicates', () => {
    const person = { first: 'Ezekiel', last: 'Marchetti', dob: '10/2/2012', schools: school, grade: '7' };
    const { appAt, appIndex, cleverIndex, cleverAt } = run(
      [person, { ...person, first: 'EZEKIEL' }],
      [{ ...person, dob: '2012-10-02' }],
    );
    const outcomes = [appAt(0), appAt(1)];
    const representative = outcomes.findIndex((o) => o.result === 'match');
    const other = 1 - representative;
    expect(representative).toBeGreaterThanOrEqual(0);
    expect(outcomes[representative].cleverIndex).toBe(cleverIndex(0));
    expect(outcomes[other]).toMatchObject({
      result: 'from app, duplicate',
      duplicateOf: [appIndex(representative)],
    });
    expect(outcomes[other].suggestion?.cleverIndex).toBe(cleverIndex(0));
    expect(cleverAt(0)).toMatchObject({ result: 'match', appIndex: appIndex(representative) });
  });

  it('lets the better-scoring record of an app duplicate group be the one matched', () => {
    const person = {
      first: 'Ezekiel',
      last: 'Marchetti',
      dob: '10/2/2012',
      schools: school,
      grade: '7',
      sisId: '40817',
    };
    const { appAt, cleverIndex } = run(
      [{ ...person, sisId: '' }, person],
      [{ ...person, dob: '2012-10-02' }],
    );
    expect(appAt(1)).toMatchObject({ result: 'match', cleverIndex: cleverIndex(0) });
    expect(appAt(0).result).toBe('from app, duplicate');
  });

  it('marks duplicates within the Clever roster and does not match them', () => {
    const person = { first: 'Ingrid', last: 'Halvorsen', schools: school, grade: '3' };
    const { appAt, cleverAt, cleverIndex } = run(
      [{ ...person, dob: '8/8/2017' }],
      [
        { ...person, dob: '2017-08-08' },
        { ...person, dob: '2017-08-08' },
      ],
    );
    expect(cleverAt(0)).toMatchObject({ result: 'from Clever, duplicate', duplicateOf: [cleverIndex(1)] });
    expect(cleverAt(1)).toMatchObject({ result: 'from Clever, duplicate', duplicateOf: [cleverIndex(0)] });
    expect(appAt(0).result).toBe('from app, no match');
  });

  it('offers a questionable pair as a suggestion with evidence instead of matching it', () => {
    const { appAt, cleverIndex } = run(
      [{ first: 'Octavia', last: 'Brennan', dob: '2/14/2013', schools: school }],
      [{ first: 'Octavia', last: 'Brennan', dob: '2016-09-30', schools: school }],
    );
    expect(appAt(0).result).toBe('from app, no match');
    expect(appAt(0).suggestion).toMatchObject({ cleverIndex: cleverIndex(0) });
    expect(appAt(0).suggestion?.evidence).toContain('dob mismatch');
  });

  it('writes evidence as field names and levels only, never the values', () => {
    const { appAt } = run(
      [{ first: 'Rosalind', last: 'Achterberg', dob: '12/1/2010', sisId: '990001', email: 'ra@old.example' }],
      [
        {
          first: 'Rosalind',
          last: 'Achterberg',
          dob: '2010-12-01',
          sisId: '990001',
          email: 'ra@new.example',
        },
      ],
    );
    const evidence = appAt(0).evidence ?? '';
    expect(evidence).toBe(
      'sis_id exact; email same local part, other domain; dob exact; first exact; last exact',
    );
    for (const value of ['rosalind', 'achterberg', '2010', '990001', 'example']) {
      expect(evidence.toLowerCase()).not.toContain(value);
    }
  });

  it('reports stats: candidates per record, learned weights, counts and progress per phase', () => {
    const phases = new Set<string>();
    const { app, clever } = population(BACKGROUND);
    const result = matchPeople(app, clever, { type: 'student', onProgress: (p) => phases.add(p.phase) });
    expect(result.stats.candidatePairs).toBeGreaterThan(0);
    expect(result.stats.candidatesPerRecord).toBeGreaterThan(0);
    expect(result.stats.weights.dob.exact).toBeGreaterThan(0);
    expect(result.stats.weights.dob.mismatch).toBeLessThan(0);
    expect(result.stats.counts.match).toBe(result.app.filter((o) => o.result === 'match').length);
    expect(Object.keys(result.stats.timingsMs)).toEqual(
      expect.arrayContaining(['blocking', 'compare', 'learn']),
    );
    expect(phases.size).toBe(0); // below 100k records no progress tick is due
  });
});

function assertOneToOne(result: MatchResult): void {
  const seen = new Set<number>();
  result.app.forEach((outcome, i) => {
    if (outcome.result !== 'match') return;
    const j = outcome.cleverIndex!;
    expect(seen.has(j)).toBe(false);
    seen.add(j);
    expect(result.clever[j]).toEqual({ result: 'match', appIndex: i });
  });
  const cleverMatches = result.clever.filter((o) => o.result === 'match').length;
  expect(cleverMatches).toBe(seen.size);
}

describe('matchPeople edge cases', () => {
  it('handles empty sides and records with no usable field', () => {
    expect(matchPeople([], [], { type: 'student' }).stats.candidatePairs).toBe(0);
    const onlyApp = matchPeople([{ first: 'Ann', last: 'Lee' }], [], { type: 'teacher' });
    expect(onlyApp.app).toEqual([{ result: 'from app, no match' }]);
    const blank = matchPeople([{}, { first: '' }], [{ dob: 'n/a' }], { type: 'staff' });
    expect(blank.app.map((o) => o.result)).toEqual(['from app, no match', 'from app, no match']);
    expect(blank.clever).toEqual([{ result: 'from Clever, no match' }]);
  });
});
