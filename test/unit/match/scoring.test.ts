import { describe, expect, it } from 'vitest';
import {
  DOB,
  DOB_MISMATCH,
  DOB_SAME_YEAR,
  EMAIL,
  EMAIL_MISMATCH,
  FIELDS,
  FIRST,
  FIRST_MISMATCH,
  FIRST_SIMILAR,
  LAST,
  LAST_MISMATCH,
  LEVELS_PER_FIELD,
  PairComparer,
} from '../../../lib/match/compare.ts';
import type { LevelTable } from '../../../lib/match/model.ts';
import { createLexicons, preparePeople } from '../../../lib/match/prepare.ts';
import { AutoMatchGuard, SiblingIndex } from '../../../lib/match/scoring.ts';
import type { PersonFields } from '../../../lib/match/types.ts';

/** Learned m as in clean school data: every name and birth-date disagreement is rare among true matches. */
function schoolLikeM(): LevelTable {
  const m = new Float64Array(FIELDS.length * LEVELS_PER_FIELD).fill(0.5);
  for (const [field, level] of [
    [FIRST, FIRST_SIMILAR],
    [FIRST, FIRST_MISMATCH],
    [LAST, LAST_MISMATCH],
    [DOB, DOB_SAME_YEAR],
    [DOB, DOB_MISMATCH],
    [EMAIL, EMAIL_MISMATCH],
  ]) {
    m[field * LEVELS_PER_FIELD + level] = 0.001;
  }
  return m;
}

/** Whether the cross-side guard lets app[0] and clever[0] match, given everyone else in both lists. */
function allowsFirstPair(app: PersonFields[], clever: PersonFields[]): boolean {
  const lexicons = createLexicons();
  const appSide = preparePeople(app, lexicons, 2026);
  const cleverSide = preparePeople(clever, lexicons, 2026);
  const pattern = new PairComparer(lexicons, appSide, cleverSide).pattern(0, 0);
  const guard = new AutoMatchGuard(schoolLikeM(), new SiblingIndex(lexicons.names, appSide, cleverSide));
  return guard.allows(pattern, 0, 0);
}

const home = { address: '12 Larch Road', city: 'Dunmore', zip: '4210' };
// Dorian and Doreen are "similar" given names: beyond a typo, but close enough to be a mistyping.
const dorian: PersonFields = { first: 'Dorian', last: 'Quenneville', dob: '2014-05-09', ...home };
const doreen: PersonFields = { ...dorian, first: 'Doreen' };
const stranger: PersonFields = { first: 'Ines', last: 'Albrecht', dob: '2013-02-11' };

describe('AutoMatchGuard twin and namesake lift', () => {
  it('lifts the twin veto for a similar given name at the same home address when no one could be the twin', () => {
    expect(allowsFirstPair([dorian, stranger], [doreen, stranger])).toBe(true);
  });

  it('keeps the twin veto when another Clever record shares the surname and birth date', () => {
    const sibling = { ...dorian, first: 'Quentin' };
    expect(allowsFirstPair([dorian], [doreen, sibling])).toBe(false);
  });

  it('keeps the twin veto when another app record shares the surname and birth date', () => {
    const sibling = { ...dorian, first: 'Quentin' };
    expect(allowsFirstPair([dorian, sibling], [doreen])).toBe(false);
  });

  it('keeps the twin veto when the home address does not corroborate', () => {
    expect(
      allowsFirstPair([dorian], [{ ...doreen, address: '7 Ash Lane', city: 'Yarra', zip: '3999' }]),
    ).toBe(false);
    const { address: _, city: __, zip: ___, ...withoutAddress } = doreen;
    expect(allowsFirstPair([dorian], [withoutAddress])).toBe(false);
  });

  it('keeps the veto for a given name that merely differs, as twins Emma and Olivia do', () => {
    expect(allowsFirstPair([dorian], [{ ...dorian, first: 'Beatrix' }])).toBe(false);
  });

  // The known cost of the lift: twins with similar given names, one enrolled only in the app and the
  // other only in Clever, share a home and nothing in the data tells them apart. With 5–10 % of people
  // on one side only, about 0.5–2 % of twin pairs split like this.
  it('matches split twins with similar names at one address (documented limitation)', () => {
    expect(allowsFirstPair([dorian], [doreen])).toBe(true);
  });

  it('lifts the namesake veto for the same name, birth year and home address when no one shares the name', () => {
    expect(allowsFirstPair([dorian, stranger], [{ ...dorian, dob: '2014-11-23' }, stranger])).toBe(true);
  });

  it('keeps the namesake veto when another record shares given name and surname', () => {
    const namesake = { ...dorian, dob: '2012-01-30', address: '3 Elm Street', zip: '4999' };
    expect(allowsFirstPair([dorian], [{ ...dorian, dob: '2014-11-23' }, namesake])).toBe(false);
    expect(allowsFirstPair([dorian, namesake], [{ ...dorian, dob: '2014-11-23' }])).toBe(false);
  });

  it('keeps the namesake veto for a birth date in another year', () => {
    expect(allowsFirstPair([dorian], [{ ...dorian, dob: '2011-08-21' }])).toBe(false);
  });

  it('never lifts a veto for duplicates within one side', () => {
    const lexicons = createLexicons();
    const side = preparePeople([dorian, doreen], lexicons, 2026);
    const pattern = new PairComparer(lexicons, side, side).pattern(0, 1);
    expect(new AutoMatchGuard(null).allows(pattern)).toBe(false);
  });
});
