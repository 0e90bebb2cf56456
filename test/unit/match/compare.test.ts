import { describe, expect, it } from 'vitest';
import { FIELDS, levelOf, PairComparer } from '../../../lib/match/compare.ts';
import { createLexicons, preparePeople } from '../../../lib/match/prepare.ts';
import type { PersonFields } from '../../../lib/match/types.ts';

/** The level label of every field that is present on both sides, for one pair. */
function levels(a: PersonFields, b: PersonFields): Record<string, string> {
  const lexicons = createLexicons();
  const left = preparePeople([a], lexicons, 2026);
  const right = preparePeople([b], lexicons, 2026);
  const pattern = new PairComparer(lexicons, left, right).pattern(0, 0);
  const labels: Record<string, string> = {};
  FIELDS.forEach((field, f) => {
    const level = levelOf(pattern, f);
    if (level !== 0) labels[field.name] = field.levels[level - 1];
  });
  return labels;
}

describe('PairComparer levels', () => {
  it('grades given names: exact, nickname, fuzzy, initial only, similar, mismatch', () => {
    expect(levels({ first: 'José' }, { first: 'JOSE' }).first).toBe('exact');
    expect(levels({ first: 'Liz' }, { first: 'Elizabeth' }).first).toBe('nickname');
    expect(levels({ first: 'Zandrea' }, { first: 'Zandria' }).first).toBe('fuzzy');
    expect(levels({ first: 'J' }, { first: 'Jonathan' }).first).toBe('initial only');
    expect(levels({ first: 'Aiden' }, { first: 'Jaden' }).first).toBe('similar');
    expect(levels({ first: 'Emma' }, { first: 'Olivia' }).first).toBe('mismatch');
  });

  it('grades surnames: exact, compound part, fuzzy, mismatch', () => {
    expect(levels({ last: "O'Brien" }, { last: 'OBrien' }).last).toBe('exact');
    expect(levels({ last: 'Garcia-Lopez' }, { last: 'Lopez' }).last).toBe('compound part');
    expect(levels({ last: 'Garcia Lopez' }, { last: 'Garcia' }).last).toBe('compound part');
    expect(levels({ last: 'GarciaLopez' }, { last: 'Garcia' }).last).toBe('compound part');
    expect(levels({ last: 'Smith' }, { last: 'Smyth' }).last).toBe('fuzzy');
    expect(levels({ last: 'Smith' }, { last: 'Jones' }).last).toBe('mismatch');
  });

  it('credits a surname typed into the given-name field when the other name was lost', () => {
    expect(levels({ first: 'Harrison', last: 'Capurso' }, { first: 'Capurso', last: 'Ruby' })).toMatchObject({
      first: 'mismatch',
      last: 'swapped with first',
    });
    expect(levels({ first: 'Marzec', last: 'Huxley' }, { first: 'Ryley', last: 'Marzec' })).toMatchObject({
      first: 'swapped with last',
      last: 'mismatch',
    });
    // Different people with unrelated names stay a plain mismatch.
    expect(levels({ first: 'Emma', last: 'Stone' }, { first: 'Olivia', last: 'Brooks' })).toMatchObject({
      first: 'mismatch',
      last: 'mismatch',
    });
  });

  it('reads hand-typed addresses: one typo, and two words written as one, still count as shared', () => {
    const street = { address: '7 Murrell Place', city: 'Orange', zip: '3939' };
    expect(levels(street, { address: '7 Murrell Place', city: 'Orange', zip: '3939' }).address).toBe('exact');
    expect(
      levels({ ...street, address: '7 Murrell Place Westbury' }, { ...street, address: '7 Murrellplace' })
        .address,
    ).toBe('most words shared');
    expect(levels(street, { ...street, address: '7 Murrel Place' }).address).toBe('most words shared');
    expect(levels(street, { address: '90 Ocean Parade', city: 'Bondi', zip: '2026' }).address).toBe(
      'mismatch',
    );
  });

  it('recognises given and family names swapped', () => {
    expect(levels({ first: 'Nguyen', last: 'Anh' }, { first: 'Anh', last: 'Nguyen' })).toMatchObject({
      first: 'swapped with last',
      last: 'swapped with first',
    });
  });

  it('grades birth dates: exact, day/month swapped, one part differs, same year only, mismatch', () => {
    expect(levels({ dob: '3/4/2014' }, { dob: '2014-03-04' }).dob).toBe('exact');
    expect(levels({ dob: '4/3/2014' }, { dob: '2014-03-04' }).dob).toBe('day/month swapped');
    expect(levels({ dob: '3/5/2014' }, { dob: '2014-03-04' }).dob).toBe('one part differs');
    expect(levels({ dob: '3/4/2013' }, { dob: '2014-03-04' }).dob).toBe('one part differs');
    expect(levels({ dob: '7/9/2014' }, { dob: '2014-03-04' }).dob).toBe('same year only');
    expect(levels({ dob: '7/9/2011' }, { dob: '2014-03-04' }).dob).toBe('mismatch');
    expect(levels({ dob: '' }, { dob: '2014-03-04' }).dob).toBeUndefined();
  });

  it('grades ids: exact, zeros stripped, typo, mismatch, missing', () => {
    expect(levels({ sisId: '00123' }, { sisId: '00123' }).id).toBe('exact');
    expect(levels({ sisId: '123' }, { sisId: '00123' }).id).toBe('zeros stripped');
    expect(levels({ sisId: '123456' }, { sisId: '124356' }).id).toBe('typo');
    expect(levels({ sisId: '123456' }, { sisId: '123457' }).id).toBe('typo');
    expect(levels({ sisId: 'AB12345' }, { sisId: 'AB12354' }).id).toBe('typo');
    expect(levels({ sisId: '123456' }, { sisId: '654321' }).id).toBe('mismatch');
    expect(levels({ sisId: '123456' }, { stateId: '123456' }).id).toBeUndefined();
  });

  it('grades e-mails: exact (case-insensitive), same local part on another domain, mismatch', () => {
    expect(levels({ email: 'A.Lee@School.org' }, { email: 'a.lee@school.org' }).email).toBe('exact');
    expect(levels({ email: 'a.lee@old.org' }, { email: 'a.lee@new.org' }).email).toBe(
      'same local part, other domain',
    );
    expect(levels({ email: 'a.lee@school.org' }, { email: 'b.kim@school.org' }).email).toBe('mismatch');
  });

  it("grades an e-mail that spells the other record's name but not its own (kept after a name change)", () => {
    const married = { first: 'Luna', last: 'Adams', email: 'luna.kelley@district.org' };
    expect(levels({ first: 'Luna', last: 'Kelley' }, married).email).toBe("spells the other record's name");
    expect(levels({ first: 'Luna', last: 'Kelley', email: 'lk@old.org' }, married).email).toBe(
      "spells the other record's name",
    );
    expect(
      levels(
        { first: 'Kyler', last: 'Ashanson' },
        { first: 'Kyler', last: 'Lindich', email: 'kashanson@d.org' },
      ).email,
    ).toBe("spells the other record's name");
  });

  it("grades an e-mail spelling both records' names, or a numbered one, as no evidence or a mismatch", () => {
    const namesake = { first: 'Luna', last: 'Kelley', email: 'luna.kelley@district.org' };
    expect(levels({ first: 'Luna', last: 'Kelley' }, namesake).email).toBeUndefined();
    expect(
      levels({ first: 'Luna', last: 'Kelley', email: 'luna.kelley2@district.org' }, namesake).email,
    ).toBe('mismatch');
  });

  it('grades context fields: grade within one, school shared, gender', () => {
    expect(levels({ grade: 'K' }, { grade: 'Kindergarten' }).grade).toBe('exact');
    expect(levels({ grade: '3' }, { grade: 'Grade 4' }).grade).toBe('within one');
    expect(levels({ grade: '3' }, { grade: '6' }).grade).toBe('mismatch');
    expect(levels({ schools: ['Madison HS'] }, { schools: ['Lee MS', 'Madison High School'] }).school).toBe(
      'shared',
    );
    expect(levels({ gender: 'Female' }, { gender: 'F' }).gender).toBe('same');
    expect(levels({ gender: 'M' }, { gender: 'F' }).gender).toBe('different');
  });

  it('reads a whole-name cell when there are no split name columns', () => {
    expect(levels({ fullName: 'Rivera, Sam J' }, { first: 'Sam', middle: 'James', last: 'Rivera' })).toEqual({
      first: 'exact',
      last: 'exact',
      middle: 'initial',
    });
  });
});
