import { describe, expect, it } from 'vitest';
import {
  matchSections,
  normalizePeriod,
  type SectionFields,
  type SectionMatchContext,
  translationFromResult,
} from '../../../../lib/match/sections/match-sections.ts';

const ids = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, k) => `${prefix}${from + k}`);

// Earlier results: app school S1 is Clever school cb1, app teachers t1/t2 are Clever ct1/ct2 (t1 also known
// by email), app students a1..a60 are Clever cs1..cs60.
const context: SectionMatchContext = {
  schools: translationFromResult([{ appId: 'S1', cleverId: 'cb1', result: 'match' }]),
  teachers: translationFromResult([
    { appId: 't1', cleverId: 'ct1', result: 'match' },
    { appId: 'kim.nguyen@example.org', cleverId: 'ct1', result: 'match' },
    { appId: 't2', cleverId: 'ct2', result: 'match' },
  ]),
  students: translationFromResult(
    ids('a', 1, 60).map((appId, k) => ({ appId, cleverId: `cs${k + 1}`, result: 'match' })),
  ),
};

const roster: SectionFields[] = [
  {
    name: 'Grade 4 Math - Nguyen - 2',
    period: '2',
    school: 'cb1',
    teachers: ['ct1'],
    students: ids('cs', 1, 20),
    subject: 'math',
    grade: '4',
  },
  {
    name: 'Grade 4 Math - Nguyen - 3',
    period: '3',
    school: 'cb1',
    teachers: ['ct1'],
    students: ids('cs', 21, 40),
    subject: 'math',
    grade: '4',
  },
  {
    name: 'Science 5 - Ortiz - 1',
    period: '1',
    school: 'cb1',
    teachers: ['ct2'],
    students: ids('cs', 41, 60),
    subject: 'science',
    grade: '5',
  },
];

describe('translationFromResult', () => {
  it('keeps only match rows, keyed by the folded app id', () => {
    const translation = translationFromResult([
      { appId: ' T1 ', cleverId: 'ct1', result: 'match' },
      { appId: 't2', cleverId: 'ct2', result: 'from app, no match' },
      { appId: 't3', cleverId: '', result: 'from app, duplicate' },
    ]);
    expect([...translation]).toEqual([['t1', 'ct1']]);
  });
});

describe('normalizePeriod', () => {
  it.each(['Period 2', 'P2', '2nd', '02', '2', 'per. 2'])('reads "%s" as period 2', (raw) => {
    expect(normalizePeriod(raw)).toBe('2');
  });
});

describe('matchSections', () => {
  it('matches a section by its translated teacher and student overlap', () => {
    const result = matchSections(
      [{ name: 'Math 4', school: 'S1', teachers: ['t1'], students: ids('a', 1, 19) }],
      roster,
      context,
    );
    expect(result.app[0]).toMatchObject({ result: 'match', cleverIndex: 0 });
    expect(result.app[0].evidence).toBe(
      'school same; teacher primary same; students most shared; name different; subject same',
    );
    expect(result.clever.map((outcome) => outcome.result)).toEqual([
      'match',
      'from Clever, no match',
      'from Clever, no match',
    ]);
  });

  it('matches a section whose teacher changed when its students overlap', () => {
    const result = matchSections(
      [{ name: 'Science', school: 'S1', teachers: ['t1'], students: ids('a', 41, 58) }],
      roster,
      context,
    );
    expect(result.app[0]).toMatchObject({ result: 'match', cleverIndex: 2 });
    expect(result.app[0].evidence).toContain('teacher different; students most shared');
  });

  it('matches on the share of translated students when half the app roster has no student match yet', () => {
    const partial: SectionMatchContext = {
      ...context,
      students: translationFromResult(
        ids('a', 41, 50).map((appId, k) => ({ appId, cleverId: `cs${41 + k}`, result: 'match' })),
      ),
    };
    const result = matchSections(
      [{ name: 'Science', teachers: ['t1'], students: ids('a', 41, 60) }],
      roster,
      partial,
    );
    expect(result.app[0]).toMatchObject({ result: 'match', cleverIndex: 2 });
    expect(result.app[0].evidence).toContain('students most shared');
  });

  it('does not link sections that share only a few students of the same grade', () => {
    const result = matchSections(
      [
        {
          name: 'Science 5',
          period: '1',
          teachers: ['t1'],
          students: [...ids('a', 41, 44), ...ids('a', 1, 16)],
        },
      ],
      [roster[2]],
      context,
    );
    expect(result.app[0].result).toBe('from app, no match');
    expect(result.app[0].suggestion?.evidence).toContain('teacher different; students few shared');
  });

  it('tells one teacher’s sections apart by period when there are no students', () => {
    const result = matchSections(
      [
        {
          name: 'Math 4',
          period: 'Period 3',
          teachers: ['kim.nguyen@example.org'],
          courseName: 'Grade 4 Math',
        },
        { name: 'Math 4', period: 'P2', teachers: ['KIM.NGUYEN@example.org'], courseName: 'Grade 4 Math' },
      ],
      roster,
      context,
    );
    expect(result.app.map((outcome) => [outcome.result, outcome.cleverIndex])).toEqual([
      ['match', 1],
      ['match', 0],
    ]);
    expect(result.app[0].evidence).toContain('period same');
    expect(result.app[0].evidence).toContain('course name in section name');
  });

  it('only suggests a section when nothing links it through earlier results', () => {
    const clever: SectionFields[] = [{ ...roster[0], sisId: '587' }, roster[1]];
    const result = matchSections(
      [
        {
          name: 'Grade 4 Math - Nguyen - 2',
          period: '2',
          sisId: '0587',
          teachers: ['t1'],
          students: ids('a', 1, 20),
        },
      ],
      clever,
      {},
    );
    expect(result.app[0].result).toBe('from app, no match');
    expect(result.app[0].suggestion).toMatchObject({ cleverIndex: 0 });
    expect(result.app[0].suggestion?.evidence).toBe('sis_id same; period same; name exact; subject same');
    expect(result.clever[0].result).toBe('from Clever, no match');
  });

  it('never matches sections of different translated schools', () => {
    const result = matchSections(
      [{ name: 'Math 4', period: '2', school: 'S2', teachers: ['t1'], students: ids('a', 1, 20) }],
      roster,
      { ...context, schools: translationFromResult([{ appId: 'S2', cleverId: 'cb2', result: 'match' }]) },
    );
    expect(result.app[0].result).toBe('from app, no match');
    expect(result.app[0].suggestion?.evidence).toContain('school different');
  });

  it('places an app section by its school name when the school result is keyed by id', () => {
    const result = matchSections(
      [{ name: 'Math 4', period: '2', school: 'Maple Elem', courseName: 'Math' }],
      roster,
      { ...context, schools: new Map(), cleverSchoolNames: new Map([['cb1', 'Maple Elementary School']]) },
    );
    expect(result.app[0].result).toBe('from app, no match');
    expect(result.app[0].suggestion?.evidence).toContain('school same; period same');
  });

  it('marks two app sections with the same teacher and roster as duplicates', () => {
    const section = { name: 'Math 4', period: '2', teachers: ['t1'], students: ids('a', 1, 20) };
    const result = matchSections([section, { ...section, name: 'Math 4 (copy)' }], roster, context);
    expect(result.app.map((outcome) => outcome.result)).toEqual([
      'from app, duplicate',
      'from app, duplicate',
    ]);
    expect(result.app[0].suggestion?.cleverIndex).toBe(0);
    expect(result.clever[0].result).toBe('from Clever, no match');
  });

  it('tells a self-contained class’s sections apart by subject, and never calls them duplicates', () => {
    const homeroom = { school: 'cb1', teachers: ['ct2'], students: ids('cs', 41, 60) };
    const clever: SectionFields[] = [
      { ...homeroom, name: 'Grade 5 Reading - Ortiz' },
      { ...homeroom, name: 'Grade 5 Math - Ortiz' },
      { ...homeroom, name: 'Grade 5 Science - Ortiz', subject: 'science' },
    ];
    const app = ['Science', 'Mathematics', 'ELA'].map((name) => ({
      name,
      teachers: ['t2'],
      students: ids('a', 41, 60),
    }));
    const result = matchSections(app, clever, context);
    expect(result.app.map((outcome) => [outcome.result, outcome.cleverIndex])).toEqual([
      ['match', 2],
      ['match', 1],
      ['match', 0],
    ]);
    expect(result.stats.counts['from Clever, duplicate']).toBe(0);
  });

  it('does not treat one teacher’s sections with different rosters as duplicates', () => {
    const result = matchSections(
      [
        { name: 'Math 4', teachers: ['t1'], students: ids('a', 1, 20) },
        { name: 'Math 4', teachers: ['t1'], students: ids('a', 21, 40) },
      ],
      roster,
      context,
    );
    expect(result.app.map((outcome) => [outcome.result, outcome.cleverIndex])).toEqual([
      ['match', 0],
      ['match', 1],
    ]);
  });
});
