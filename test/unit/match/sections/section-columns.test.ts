import { describe, expect, it } from 'vitest';
import { mapRecordColumns, parseRecordMapOption } from '../../../../lib/match/records/columns.ts';
import { appSections, SECTION_VOCABULARY } from '../../../../lib/match/sections/section-columns.ts';

describe('section header auto-mapping', () => {
  it('maps common section export spellings, with several teacher columns', () => {
    const headers = [
      'id',
      'Section Name',
      'Section ID',
      'Section #',
      'Period',
      'Course Title',
      'Course Code',
      'Subject',
      'Grade Level',
      'Term',
      'School',
      'Teacher ID',
      'Co-Teacher Email',
      'Student IDs',
      'Room',
    ];
    const mapping = mapRecordColumns(headers, SECTION_VOCABULARY, 0);
    expect(Object.fromEntries(headers.map((h, i) => [h, mapping.columns.get(i) ?? null]))).toEqual({
      id: null,
      'Section Name': 'name',
      'Section ID': 'sisId',
      'Section #': 'sectionNumber',
      Period: 'period',
      'Course Title': 'courseName',
      'Course Code': 'courseNumber',
      Subject: 'subject',
      'Grade Level': 'grade',
      Term: 'term',
      School: 'school',
      'Teacher ID': 'teachers',
      'Co-Teacher Email': 'teachers',
      'Student IDs': 'students',
      Room: null,
    });
  });

  it('accepts --map teacher_email and student_ids', () => {
    const overrides = parseRecordMapOption('Instr=teacher_email,Kids=student_ids', SECTION_VOCABULARY);
    expect([...overrides]).toEqual([
      ['Instr', 'teachers'],
      ['Kids', 'students'],
    ]);
  });

  it('splits student lists on ; | , and spaces and keeps the primary teacher first', () => {
    const table = {
      rowCount: 2,
      columns: [
        ['x1', 'x2'],
        ['Math 4', 'Science'],
        ['t1', ''],
        ['co@example.org', 'solo@example.org'],
        ['a1;a2|a3, a4', 'a5 a6\ta7'],
      ],
    };
    const mapping = mapRecordColumns(
      ['id', 'Name', 'Teacher ID', 'Teacher Email', 'Student IDs'],
      SECTION_VOCABULARY,
      0,
    );
    expect(appSections(table, mapping)).toEqual([
      { name: 'Math 4', teachers: ['t1', 'co@example.org'], students: ['a1', 'a2', 'a3', 'a4'] },
      { name: 'Science', teachers: ['solo@example.org'], students: ['a5', 'a6', 'a7'] },
    ]);
  });
});
