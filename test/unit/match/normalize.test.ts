import { describe, expect, it } from 'vitest';
import { nicknameTable, shareGroup } from '../../../lib/match/nicknames.ts';
import {
  normalizeEmail,
  normalizeGender,
  normalizeGrade,
  normalizeId,
  normalizeName,
  normalizeSchool,
  parseDate,
  parseFullName,
  resolveTwoDigitYear,
} from '../../../lib/match/normalize.ts';
import { editDistanceWithin, jaroWinkler, phoneticKey } from '../../../lib/match/similarity.ts';

describe('normalizeName', () => {
  it('folds case, whitespace and accents so José equals Jose', () => {
    expect(normalizeName('  JOSÉ ')).toBe(normalizeName('jose'));
    expect(normalizeName('Zoë')).toBe('zoe');
    expect(normalizeName('Nuñez')).toBe('nunez');
  });

  it("drops apostrophes so O'Brien equals OBrien", () => {
    expect(normalizeName("O'Brien")).toBe(normalizeName('OBrien'));
    expect(normalizeName('O’Brien')).toBe('obrien');
  });

  it('keeps the parts of hyphenated surnames as words', () => {
    expect(normalizeName('Garcia-Lopez')).toBe('garcia lopez');
    expect(normalizeName('Garcia  Lopez')).toBe('garcia lopez');
  });

  it('drops generational suffixes at the end but never the whole name', () => {
    expect(normalizeName('Smith Jr.')).toBe('smith');
    expect(normalizeName('King III')).toBe('king');
    expect(normalizeName('Jr')).toBe('');
  });
});

describe('parseFullName', () => {
  it('reads "Last, First Middle"', () => {
    expect(parseFullName('Rivera, Sam J')).toEqual({ first: 'sam', middle: 'j', last: 'rivera' });
  });

  it('reads "First Middle Last" with a suffix', () => {
    expect(parseFullName('Sam J Rivera Jr')).toEqual({ first: 'sam', middle: 'j', last: 'rivera' });
  });
});

describe('parseDate', () => {
  const now = 2026;

  it.each([
    ['1/6/2014', 20140106],
    ['01/06/2014', 20140106],
    ['2014-01-06', 20140106],
    ['2014-01-06T00:00:00Z', 20140106],
    ['01-06-2014', 20140106],
    ['20140106', 20140106],
    ['1/6/14', 20140106],
  ])('reads %s as %i', (raw, packed) => {
    expect(parseDate(raw, now)).toBe(packed);
  });

  it('reads day-first dates when the first number cannot be a month', () => {
    expect(parseDate('25/12/2015', now)).toBe(20151225);
  });

  it('returns 0 for missing or unreadable dates', () => {
    expect(parseDate('', now)).toBe(0);
    expect(parseDate('not a date', now)).toBe(0);
    expect(parseDate('13/13/2015', now)).toBe(0);
  });

  it('resolves a two-digit year to the latest year not after the current one', () => {
    expect(resolveTwoDigitYear(26, 2026)).toBe(2026);
    expect(resolveTwoDigitYear(27, 2026)).toBe(1927);
    expect(resolveTwoDigitYear(5, 2026)).toBe(2005);
    expect(parseDate('3/4/99', 2026)).toBe(19990304);
  });
});

describe('normalizeGrade', () => {
  it.each([
    ['K', 0],
    ['KG', 0],
    ['Kindergarten', 0],
    ['0', 0],
    ['PK', -1],
    ['Pre-K', -1],
    ['PreKindergarten', -1],
    ['01', 1],
    ['Grade 3', 3],
    ['3rd', 3],
    ['12', 12],
  ])('reads %s as %i', (raw, grade) => {
    expect(normalizeGrade(raw)).toBe(grade);
  });

  it('treats blank and unknown grades as missing', () => {
    expect(normalizeGrade('')).toBeNaN();
    expect(normalizeGrade('Ungraded')).toBeNaN();
  });
});

describe('other normalisers', () => {
  it('reads gender codes and words', () => {
    expect(normalizeGender('M')).toBe(normalizeGender('male'));
    expect(normalizeGender('F')).toBe(normalizeGender('Female'));
    expect(normalizeGender('X')).toBe(3);
    expect(normalizeGender('')).toBe(0);
  });

  it('compares ids without the leading zeros spreadsheets strip, remembering how many there were', () => {
    expect(normalizeId('00123')).toEqual({ value: '123', leadingZeros: 2 });
    expect(normalizeId('123')).toEqual({ value: '123', leadingZeros: 0 });
    expect(normalizeId(' s-0042 ')).toEqual({ value: 'S0042', leadingZeros: 0 });
    expect(normalizeId('0')).toEqual({ value: '0', leadingZeros: 0 });
  });

  it('splits e-mails into lower-case local part and domain', () => {
    expect(normalizeEmail(' Sam.R@Example.COM ')).toEqual({ local: 'sam.r', domain: 'example.com' });
    expect(normalizeEmail('not-an-email')).toEqual({ local: '', domain: '' });
  });

  it('brings school name spellings from different exports together', () => {
    expect(normalizeSchool('Madison HS')).toBe(normalizeSchool('MADISON HIGH SCHOOL'));
    expect(normalizeSchool('Hillcrest Heights Elem')).toBe(normalizeSchool('Hillcrest Heights Elementary'));
    expect(normalizeSchool('Harrison MS')).toBe(normalizeSchool('Harrison Middle School'));
  });
});

describe('nicknames', () => {
  const table = nicknameTable();

  it('relates nicknames to formal names and to each other', () => {
    expect(shareGroup(table.groupsOf('bob'), table.groupsOf('robert'))).toBe(true);
    expect(shareGroup(table.groupsOf('liz'), table.groupsOf('elizabeth'))).toBe(true);
    expect(shareGroup(table.groupsOf('liz'), table.groupsOf('beth'))).toBe(true);
    expect(shareGroup(table.groupsOf('bob'), table.groupsOf('elizabeth'))).toBe(false);
  });

  it('finds the formal name behind a nickname', () => {
    expect(table.rootOf('bob')).toBe('robert');
    expect(table.rootOf('robert')).toBe('robert');
    expect(table.rootOf('zzyzx')).toBe('zzyzx');
  });
});

describe('similarity', () => {
  it('computes textbook Jaro-Winkler values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('jellyfish', 'smellyfish')).toBeCloseTo(0.8963, 4);
    expect(jaroWinkler('same', 'same')).toBe(1);
    expect(jaroWinkler('', 'x')).toBe(0);
  });

  it('bounds the edit distance, counting an adjacent swap as one edit', () => {
    expect(editDistanceWithin('12345', '12354', 1)).toBe(1);
    expect(editDistanceWithin('smith', 'smyth', 2)).toBe(1);
    expect(editDistanceWithin('smith', 'jones', 2)).toBe(3);
  });

  it('gives sound-alike names one phonetic key', () => {
    expect(phoneticKey('catherine')).toBe(phoneticKey('katherine'));
    expect(phoneticKey('philip')).toBe(phoneticKey('filip'));
    expect(phoneticKey('smith')).toBe(phoneticKey('smyth'));
    expect(phoneticKey('smith')).not.toBe(phoneticKey('jones'));
  });
});

describe('letters without a Unicode decomposition', () => {
  it('spells ø, ß, ł and æ the way English-language systems type them', () => {
    expect(normalizeName('Søren Weiß')).toBe('soren weiss');
    expect(normalizeName('Łukasz Ærø')).toBe('lukasz aero');
  });
});

describe('impossible calendar dates', () => {
  it('rejects days past the end of the month and accepts leap days', () => {
    expect(parseDate('2/31/2010', 2026)).toBe(0);
    expect(parseDate('4/31/2012', 2026)).toBe(0);
    expect(parseDate('2/29/2011', 2026)).toBe(0);
    expect(parseDate('2/29/2012', 2026)).toBe(20120229);
  });
});
