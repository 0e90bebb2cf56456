import { describe, expect, it } from 'vitest';
import {
  matchSchools,
  type SchoolFields,
  schoolNcesId,
} from '../../../../lib/match/schools/match-schools.ts';
import {
  compareGradeSpans,
  compareSchoolNames,
  parseGradeSpan,
  schoolName,
} from '../../../../lib/match/schools/school-name.ts';

const only = (app: SchoolFields, clever: SchoolFields[]) => matchSchools([app], clever);

describe('school name forms', () => {
  it.each([
    ['Lincoln Elem.', 'LINCOLN ELEMENTARY SCHOOL'],
    ['Lincoln ES', 'Lincoln Elementary'],
    ['Roosevelt MS', 'Roosevelt Middle School'],
    ['Jefferson Jr. High', 'Jefferson Middle School'],
    ['Washington HS', 'The Washington High School'],
    ['Kennedy Sr High', 'Kennedy High School'],
    ['St. Mary Academy', 'Saint Mary Academy'],
    ["O'Neil Elementary", 'ONeil Elementary'],
  ])('reads "%s" and "%s" as the same name', (a, b) => {
    expect(compareSchoolNames(schoolName(a), schoolName(b))).toBe('exact');
  });

  it('keeps the core apart from the level words', () => {
    expect(schoolName('Lincoln Elementary Academy')).toMatchObject({
      core: 'lincoln',
      levelWords: ['elementary'],
      levels: 'E',
    });
  });

  it('sees an elementary and a middle school of one name as different levels', () => {
    expect(compareSchoolNames(schoolName('Lincoln Elementary'), schoolName('Lincoln Middle'))).toBe(
      'different level',
    );
  });

  it('sees a name with its level word left off as the same name with a level on one side only', () => {
    expect(compareSchoolNames(schoolName('Lincoln'), schoolName('Lincoln Elementary School'))).toBe(
      'level word on one side only',
    );
  });
});

describe('grade spans', () => {
  it('reads K-5 and Kindergarten..5 as the same span', () => {
    expect(compareGradeSpans(parseGradeSpan('K-5'), parseGradeSpan('Kindergarten - 5'))).toBe('exact');
  });

  it('reads Pre-K through 8 as -1..8', () => {
    expect(parseGradeSpan('Pre-K through 8')).toEqual({ low: -1, high: 8 });
  });

  it('sees K-5 and 6-8 as disjoint and PK-5 vs K-5 as within one grade', () => {
    expect(compareGradeSpans(parseGradeSpan('K-5'), parseGradeSpan('6-8'))).toBe('disjoint');
    expect(compareGradeSpans(parseGradeSpan('PK-5'), parseGradeSpan('K-5'))).toBe('within one grade');
  });
});

describe('NCES ids', () => {
  it('restores the leading zero a spreadsheet dropped from a 12-digit school id', () => {
    expect(schoolNcesId('60123400001')).toBe('060123400001');
  });

  it('treats a 7-digit district id as no school id', () => {
    expect(schoolNcesId('0601234')).toBe('');
  });
});

describe('matchSchools', () => {
  const roster: SchoolFields[] = [
    {
      name: 'Maple Elementary',
      ncesId: '060123400001',
      mdrNumber: '01234567',
      lowGrade: 'Kindergarten',
      highGrade: '5',
    },
    { name: 'Oak Middle School', ncesId: '060123400002', lowGrade: '6', highGrade: '8', sisId: '102' },
    { name: 'Cedar High School', ncesId: '060123400003', lowGrade: '9', highGrade: '12', stateId: '30890' },
  ];

  it('matches on an exact NCES id even when the app spells the name differently', () => {
    const result = only({ name: 'Maple Elem School (main campus)', ncesId: '060123400001' }, roster);
    expect(result.app[0]).toMatchObject({ result: 'match', cleverIndex: 0 });
    expect(result.app[0].evidence).toContain('nces_id exact');
  });

  it('matches on an exact MDR number with no name at all', () => {
    const result = only({ mdrNumber: '1234567' }, roster);
    expect(result.app[0]).toMatchObject({ result: 'match', cleverIndex: 0 });
    expect(result.app[0].evidence).toBe('mdr_number exact');
  });

  it('matches a school number whose leading zeros were stripped and says so', () => {
    const result = only({ name: 'Oak Middle', schoolNumber: '00102' }, roster);
    expect(result.app[0]).toMatchObject({ result: 'match', cleverIndex: 1 });
    expect(result.app[0].evidence).toContain('sis_id zeros stripped');
  });

  it('matches by name form and grade span when the app has no ids', () => {
    const result = only({ name: 'CEDAR HS', grades: '9-12' }, roster);
    expect(result.app[0]).toMatchObject({ result: 'match', cleverIndex: 2 });
    expect(result.app[0].evidence).toBe('name exact; grades exact');
  });

  it('does not match Lincoln Elementary to Lincoln Middle, nor suggest it', () => {
    const result = only({ name: 'Lincoln Elementary', grades: 'K-5' }, [
      { name: 'Lincoln Middle School', lowGrade: '6', highGrade: '8' },
    ]);
    expect(result.app[0].result).toBe('from app, no match');
    expect(result.app[0].suggestion).toBeUndefined();
    expect(result.clever[0].result).toBe('from Clever, no match');
  });

  it('picks Lincoln Elementary over Lincoln Middle when both exist', () => {
    const result = only({ name: 'Lincoln Elem', grades: 'K-5' }, [
      { name: 'Lincoln Middle School', lowGrade: '6', highGrade: '8' },
      { name: 'Lincoln Elementary School', lowGrade: 'Kindergarten', highGrade: '5' },
    ]);
    expect(result.app[0]).toMatchObject({ result: 'match', cleverIndex: 1 });
  });

  it('never auto-matches a conflicting NCES id, however well the name agrees, but offers it for review', () => {
    const result = only({ name: 'Maple Elementary', ncesId: '060123400009', grades: 'K-5' }, roster);
    expect(result.app[0].result).toBe('from app, no match');
    expect(result.app[0].suggestion?.cleverIndex).toBe(0);
    expect(result.app[0].suggestion?.evidence).toContain('nces_id mismatch');
    expect(result.clever[0].result).toBe('from Clever, no match');
  });

  it('ignores a district NCES id on the app side instead of calling it a conflict', () => {
    const result = only({ name: 'Maple Elementary', ncesId: '0601234', grades: 'K-5' }, roster);
    expect(result.app[0]).toMatchObject({ result: 'match', cleverIndex: 0 });
    expect(result.app[0].evidence).not.toContain('nces_id');
  });

  it('leaves a name-only pair as a suggestion when the city disagrees', () => {
    const result = only({ name: 'Maple Elementary', city: 'Shelbyville' }, [
      { name: 'Maple Elementary', city: 'Springfield' },
    ]);
    expect(result.app[0].result).toBe('from app, no match');
    expect(result.app[0].suggestion).toMatchObject({
      cleverIndex: 0,
      evidence: 'name exact; city different',
    });
  });

  it('writes field names and levels into the evidence, never values', () => {
    const result = only(
      {
        name: 'Cedar High',
        ncesId: '060123400003',
        stateId: '30890',
        city: 'Springfield',
        phone: '555-555-0100',
      },
      [{ ...roster[2], city: 'Springfield', phone: '(555) 555-0100' }],
    );
    const evidence = result.app[0].evidence ?? '';
    expect(evidence).toBe('nces_id exact; state_id exact; name exact; city same; phone same');
    expect(evidence).not.toMatch(/\d|Cedar|Springfield/);
  });

  it('marks two app rows with the same NCES id as duplicates and matches neither', () => {
    const result = matchSchools(
      [
        { name: 'Maple Elementary', ncesId: '060123400001' },
        { name: 'Maple Annex', ncesId: '060123400001' },
        { name: 'Oak Middle', ncesId: '060123400002' },
      ],
      roster,
    );
    expect(result.app.map((outcome) => outcome.result)).toEqual([
      'from app, duplicate',
      'from app, duplicate',
      'match',
    ]);
    expect(result.app[0].duplicateOf).toEqual([1]);
    expect(result.app[0].suggestion?.cleverIndex).toBe(0);
    expect(result.clever[0].result).toBe('from Clever, no match');
  });

  it('marks two Clever schools with the same MDR number as duplicates', () => {
    const result = matchSchools(
      [{ name: 'Birch Elementary', mdrNumber: '555' }],
      [
        { name: 'Birch Elementary', mdrNumber: '555' },
        { name: 'Birch Elementary School', mdrNumber: '00555' },
      ],
    );
    expect(result.clever.map((outcome) => outcome.result)).toEqual([
      'from Clever, duplicate',
      'from Clever, duplicate',
    ]);
    expect(result.app[0].result).toBe('from app, no match');
    expect(result.stats.counts['from Clever, duplicate']).toBe(2);
  });

  it('does not match a name shared by two Clever schools without other evidence', () => {
    const result = only({ name: 'Lincoln Elementary' }, [
      { name: 'Lincoln Elementary', city: 'Springfield' },
      { name: 'Lincoln Elementary', city: 'Shelbyville' },
    ]);
    expect(result.app[0].result).toBe('from app, no match');
    expect(result.app[0].suggestion).toBeDefined();
  });

  it('assigns one to one: a Clever school is matched by at most one app school', () => {
    const result = matchSchools(
      [
        { name: 'Maple Elementary', ncesId: '060123400001', city: 'Springfield' },
        { name: 'Maple Elementary', city: 'Shelbyville' },
      ],
      [roster[0]],
    );
    expect(result.app.map((outcome) => outcome.result)).toEqual(['match', 'from app, no match']);
    expect(result.app[1].suggestion).toBeUndefined();
  });

  it('blocks on ids and name words beyond the full-comparison size and still finds the match', () => {
    const clever: SchoolFields[] = Array.from({ length: 3200 }, (_, i) => ({
      name: `School ${i} Elementary`,
      ncesId: `0601234${String(i).padStart(5, '0')}`,
    }));
    const app: SchoolFields[] = Array.from({ length: 3200 }, (_, i) => ({ ncesId: clever[i].ncesId }));
    const result = matchSchools(app, clever);
    expect(result.stats.candidatePairs).toBeLessThan(3200 * 10);
    expect(result.stats.counts.match).toBe(3200);
  });
});
