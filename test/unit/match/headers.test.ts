import { describe, expect, it } from 'vitest';
import { InputError } from '../../../lib/errors.ts';
import { describeMapping, mapColumns, parseMapOption } from '../../../lib/match/headers.ts';

const fieldsOf = (headers: string[], type: Parameters<typeof mapColumns>[1] = 'student', idColumn = 0) => {
  const mapping = mapColumns(headers, type, idColumn);
  return Object.fromEntries(headers.map((h, i) => [h, mapping.columns.get(i) ?? null]));
};

describe('header auto-mapping', () => {
  it('maps the held-out title-case headers to every student field', () => {
    expect(
      fieldsOf([
        'App ID',
        'First Name',
        'Middle Name',
        'Last Name',
        'Birth Date',
        'SIS ID',
        'Student Number',
        'State ID',
        'Email',
        'Grade',
        'School',
      ]),
    ).toEqual({
      'App ID': null,
      'First Name': 'first',
      'Middle Name': 'middle',
      'Last Name': 'last',
      'Birth Date': 'dob',
      'SIS ID': 'sisId',
      'Student Number': 'number',
      'State ID': 'stateId',
      Email: 'email',
      Grade: 'grade',
      School: 'school',
    });
  });

  it('maps snake_case, camel case and the common export spellings', () => {
    expect(
      fieldsOf([
        'app_id',
        'first_name',
        'LastName',
        'DOB',
        'Student #',
        'SSID',
        'Email Address',
        'Date of Birth',
        'Student ID',
      ]),
    ).toEqual({
      app_id: null,
      first_name: 'first',
      LastName: 'last',
      DOB: 'dob',
      'Student #': 'number',
      SSID: 'stateId',
      'Email Address': 'email',
      'Date of Birth': null, // a second dob column: the first one wins
      'Student ID': 'sisId',
    });
  });

  it('strips person prefixes such as "Student First Name" and "Teacher Email"', () => {
    expect(fieldsOf(['id', 'Student First Name', 'Student Last Name', 'Teacher Email'], 'teacher')).toEqual({
      id: null,
      'Student First Name': 'first',
      'Student Last Name': 'last',
      'Teacher Email': 'email',
    });
  });

  it('reads "Teacher ID" as the SIS id and "Teacher Number" as teacher_number for teachers', () => {
    expect(fieldsOf(['id', 'Teacher ID', 'Teacher Number', 'Name'], 'teacher')).toEqual({
      id: null,
      'Teacher ID': 'sisId',
      'Teacher Number': 'number',
      Name: 'fullName',
    });
  });

  it('keeps several school columns', () => {
    const mapping = mapColumns(['id', 'first', 'last', 'School', 'Campus'], 'student', 0);
    expect(mapping.fields.get('school')).toEqual([3, 4]);
  });

  it('reads FEBRL-style address columns into one address field, plus city and postcode', () => {
    const headers = [
      'rec_id',
      'given_name',
      'surname',
      'street_number',
      'address_1',
      'address_2',
      'suburb',
      'postcode',
    ];
    const mapping = mapColumns(headers, 'student', 0);
    expect(mapping.fields.get('address')).toEqual([3, 4, 5]);
    expect(Object.fromEntries(headers.map((h, i) => [h, mapping.columns.get(i) ?? null]))).toMatchObject({
      given_name: 'first',
      surname: 'last',
      suburb: 'city',
      postcode: 'zip',
    });
  });

  it('lets --map override detection and ignore columns', () => {
    const overrides = parseMapOption('Pupil=first_name, Birth Date=ignore,Kid No=student_number');
    const mapping = mapColumns(['id', 'Pupil', 'Last Name', 'Birth Date', 'Kid No'], 'student', 0, overrides);
    expect(Object.fromEntries(mapping.columns)).toEqual({ 1: 'first', 2: 'last', 4: 'number' });
    expect(describeMapping(['id', 'Pupil', 'Last Name', 'Birth Date', 'Kid No'], mapping, 'student')).toEqual(
      [
        '"Pupil" → first_name',
        '"Last Name" → last_name',
        '"Kid No" → student_number',
        'not used for matching: "id", "Birth Date"',
      ],
    );
  });
});

describe('mapping errors', () => {
  it('names an unknown --map field and lists the valid ones', () => {
    expect(() => parseMapOption('Birth Date=birthday')).toThrowError(/unknown person field "birthday".*dob/);
  });

  it('rejects a --map entry without "="', () => {
    expect(() => parseMapOption('Birth Date')).toThrowError(/not of the form "Column Name=field"/);
  });

  it('names a --map column that is not in the header and lists the headers', () => {
    const attempt = () =>
      mapColumns(['id', 'First'], 'student', 0, parseMapOption('Frist=first_name'), 'kids.csv');
    expect(attempt).toThrowError(InputError);
    expect(attempt).toThrowError(/kids\.csv \(column "Frist"\): --map names column "Frist".*"id", "First"/);
  });

  it('fails clearly when no column is a name, email or id', () => {
    expect(() => mapColumns(['id', 'Color', 'Size'], 'student', 0, new Map(), 'x.csv')).toThrowError(
      /x\.csv: no column looks like a student first_name, last_name, name, email, sis_id.*--map/,
    );
  });
});
