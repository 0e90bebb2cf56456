import { describe, expect, it } from 'vitest';
import { cascadeMatch } from '../../../lib/match/cascade.ts';
import type { PersonFields } from '../../../lib/match/types.ts';

const pairsOf = (app: PersonFields[], clever: PersonFields[], type: 'student' | 'teacher' = 'student') =>
  cascadeMatch(app, clever, type)
    .map((p) => `${p.appIndex}->${p.cleverIndex} ${p.rule}`)
    .sort();

describe('cascadeMatch', () => {
  it('pairs records on the first rule whose value is equal and unique on both sides', () => {
    const app = [{ sisId: '100', first: 'Ann', last: 'Lee' }, { sisId: '200' }];
    const clever = [{ sisId: '200' }, { sisId: '100', first: 'Bob', last: 'Ray' }];
    expect(pairsOf(app, clever)).toEqual(['0->1 sisId', '1->0 sisId']);
  });

  it('compares after trimming and lower-casing only, so leading zeros and accents still differ', () => {
    const app = [{ sisId: ' ABC1 ' }, { sisId: '4512' }, { first: 'Jose', last: 'Nunez' }];
    const clever = [{ sisId: 'abc1' }, { sisId: '004512' }, { first: 'José', last: 'Nuñez' }];
    expect(pairsOf(app, clever)).toEqual(['0->0 sisId']);
  });

  it('skips a value held by two records on either side and lets a later rule decide', () => {
    const app = [
      { sisId: '7', email: 'a@x.org' },
      { sisId: '7', email: 'b@x.org' },
    ];
    const clever = [{ sisId: '7', email: 'b@x.org' }, { email: 'a@x.org' }];
    expect(pairsOf(app, clever)).toEqual(['0->1 email', '1->0 email']);
  });

  it('takes matched records out of later rules even when a later rule would pair them differently', () => {
    const app = [
      { sisId: '1', first: 'Sam', last: 'Diaz' },
      { first: 'Sam', last: 'Diaz' },
    ];
    const clever = [
      { sisId: '1', first: 'Sam', last: 'Diaz' },
      { first: 'Sam', last: 'Diaz' },
    ];
    // After the sis_id pair, "sam diaz" is unique among what is left on both sides.
    expect(pairsOf(app, clever)).toEqual(['0->0 sisId', '1->1 name']);
  });

  it('follows the student order: ids before dob before email before name', () => {
    const app = [{ number: 'N1', dob: '2014-01-06', email: 'e@x.org', first: 'A', last: 'B' }];
    const clever = [
      { dob: '1/6/2014', email: 'other@x.org' },
      { number: 'n1', email: 'e@x.org', first: 'A', last: 'B' },
    ];
    expect(pairsOf(app, clever)).toEqual(['0->1 number']);
    expect(
      pairsOf([{ dob: '01/06/2014', email: 'e@x.org' }], [{ email: 'e@x.org' }, { dob: '1/6/2014' }]),
    ).toEqual(['0->1 dob']);
  });

  it('puts email first for teachers', () => {
    const app = [{ sisId: '9', email: 'T@X.ORG' }];
    const clever = [{ sisId: '9' }, { email: 't@x.org' }];
    expect(pairsOf(app, clever, 'teacher')).toEqual(['0->1 email']);
    expect(pairsOf(app, clever, 'student')).toEqual(['0->0 sisId']);
  });

  it('matches names only on first and last together, never on one of them', () => {
    const app = [{ first: 'Kim' }, { last: 'Nguyen' }, { first: 'Kim', last: 'Nguyen' }];
    const clever = [{ first: 'kim', last: 'nguyen' }];
    expect(pairsOf(app, clever)).toEqual(['2->0 name']);
  });

  it('compares birth dates in one parsed form whatever format each side wrote them in', () => {
    const forms = ['01/06/2014', '2014-01-06', '20140106', '1/6/14'];
    for (const form of forms) expect(pairsOf([{ dob: form }], [{ dob: '1/6/2014' }])).toEqual(['0->0 dob']);
    expect(pairsOf([{ dob: 'next tuesday' }], [{ dob: 'next tuesday' }])).toEqual([]);
  });

  it('pairs nothing when a side is empty or every value is missing', () => {
    expect(pairsOf([], [{ sisId: '1' }])).toEqual([]);
    expect(pairsOf([{}, { sisId: '' }], [{}, { sisId: '  ' }])).toEqual([]);
  });
});
