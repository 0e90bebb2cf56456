import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../lib/errors.ts';
import {
  describeRecordMapping,
  mapRecordColumns,
  parseRecordMapOption,
} from '../../../../lib/match/records/columns.ts';
import { appSchools, SCHOOL_VOCABULARY } from '../../../../lib/match/schools/school-columns.ts';

const fieldsOf = (headers: string[], idColumn = 0) => {
  const mapping = mapRecordColumns(headers, SCHOOL_VOCABULARY, idColumn);
  return Object.fromEntries(headers.map((h, i) => [h, mapping.columns.get(i) ?? null]));
};

describe('school header auto-mapping', () => {
  it('maps common school export spellings', () => {
    expect(
      fieldsOf([
        'id',
        'School Name',
        'NCES School ID',
        'MDR #',
        'State School Code',
        'School ID',
        'Building Code',
        'Grade Span',
        'City',
        'Zip Code',
        'Street Address',
        'Phone Number',
        'Principal',
      ]),
    ).toEqual({
      id: null,
      'School Name': 'name',
      'NCES School ID': 'ncesId',
      'MDR #': 'mdrNumber',
      'State School Code': 'stateId',
      'School ID': 'sisId',
      'Building Code': 'schoolNumber',
      'Grade Span': 'grades',
      City: 'city',
      'Zip Code': 'zip',
      'Street Address': 'address',
      'Phone Number': 'phone',
      Principal: null,
    });
  });

  it('maps separate low and high grade columns', () => {
    expect(fieldsOf(['id', 'Name', 'Low Grade', 'Highest Grade'])).toMatchObject({
      'Low Grade': 'lowGrade',
      'Highest Grade': 'highGrade',
    });
  });

  it('lets --map name a column and unmap a detected one', () => {
    const overrides = parseRecordMapOption('Campus Label=name,City=ignore', SCHOOL_VOCABULARY);
    const mapping = mapRecordColumns(['id', 'Campus Label', 'City'], SCHOOL_VOCABULARY, 0, overrides);
    expect(describeRecordMapping(['id', 'Campus Label', 'City'], mapping, SCHOOL_VOCABULARY)).toEqual([
      '"Campus Label" → name',
      'not used for matching: "id", "City"',
    ]);
  });

  it('rejects an unknown --map field with the accepted names', () => {
    expect(() => parseRecordMapOption('Campus=dob', SCHOOL_VOCABULARY)).toThrow(
      /unknown school field "dob".*nces_id/,
    );
  });

  it('rejects a file with neither a name nor an id column, naming the headers', () => {
    try {
      mapRecordColumns(['id', 'Principal', 'Enrollment'], SCHOOL_VOCABULARY, 0, new Map(), 'schools.csv');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems[0]).toMatchObject({
        file: 'schools.csv',
        code: 'NO_MATCHABLE_COLUMNS',
      });
      expect((error as InputError).message).toContain('"Principal", "Enrollment"');
    }
  });

  it('builds SchoolFields from the mapped columns of each row', () => {
    const table = {
      rowCount: 2,
      columns: [
        ['s1', 's2'],
        ['Maple Elementary', 'Oak Middle'],
        ['060123400001', ''],
        ['K-5', '6-8'],
      ],
    };
    const mapping = mapRecordColumns(['id', 'Name', 'NCES ID', 'Grades'], SCHOOL_VOCABULARY, 0);
    expect(appSchools(table, mapping)).toEqual([
      { name: 'Maple Elementary', ncesId: '060123400001', grades: 'K-5' },
      { name: 'Oak Middle', ncesId: '', grades: '6-8' },
    ]);
  });
});
