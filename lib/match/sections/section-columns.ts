// Maps an app's section export to SectionFields. Accepted layout: one row per section, with
//   - the section's own columns: name, SIS id / section id, section number, period, course name / number,
//     subject, grade, term, school (an app school id or the school's name);
//   - teachers: one or more columns such as "Teacher ID", "Teacher Email", "Co-Teacher ID"; the first
//     non-empty one is the primary teacher, and a cell may itself list several ids;
//   - students (optional): a "Student IDs" column listing the section's app student ids in one cell,
//     separated by ";", "|", "," or spaces (e.g. "1001;1002;1003" or "1001 1002 1003").
// Ids in the teacher and student cells are the app's own (as in the teachers and students files), so they
// translate through the earlier teacher and student match results.

import {
  type ColumnTable,
  type RecordColumnMapping,
  type RecordVocabulary,
  recordsFromTable,
} from '../records/columns.ts';
import type { SectionFields } from './match-sections.ts';

export type SectionField = keyof SectionFields;

const LABELS: Record<SectionField, string> = {
  name: 'name',
  sisId: 'sis_id',
  sectionNumber: 'section_number',
  period: 'period',
  courseName: 'course_name',
  courseNumber: 'course_number',
  subject: 'subject',
  grade: 'grade',
  term: 'term',
  school: 'school',
  teachers: 'teachers',
  students: 'students',
};

export const SECTION_VOCABULARY: RecordVocabulary<SectionField> = {
  type: 'section',
  mapFieldNames: {
    ...Object.fromEntries(
      (Object.entries(LABELS) as [SectionField, string][]).map(([f, label]) => [label, f]),
    ),
    teacher: 'teachers',
    teacher_id: 'teachers',
    teacher_email: 'teachers',
    student_ids: 'students',
  },
  synonyms: {
    name: ['name', 'sectionname', 'classname', 'section', 'class', 'title', 'sectiontitle', 'classtitle'],
    sisId: ['sisid', 'sis', 'sectionid', 'classid', 'sectionsisid', 'localid', 'sourcedid'],
    sectionNumber: ['number', 'no', 'num', 'sectionnumber', 'sectioncode', 'classnumber', 'classcode'],
    period: ['period', 'classperiod', 'periods', 'pd', 'per', 'block', 'hour'],
    courseName: ['coursename', 'course', 'coursetitle', 'coursedescription'],
    courseNumber: ['coursenumber', 'coursecode', 'courseid', 'courseno', 'coursenum'],
    subject: ['subject', 'subjectarea', 'subjectname', 'department'],
    grade: ['grade', 'grades', 'gradelevel', 'gradelevels'],
    term: ['term', 'termname', 'semester', 'session', 'termid', 'markingperiod'],
    school: ['school', 'schoolname', 'schoolid', 'building', 'campus', 'site', 'schoolcode'],
    teachers: [
      'teacher',
      'teachers',
      'teacherid',
      'teacherids',
      'teacheremail',
      'teacheremails',
      'teacheremailaddress',
      'teachersisid',
      'primaryteacher',
      'primaryteacherid',
      'primaryteacheremail',
      'coteacher',
      'coteacherid',
      'coteacheremail',
      'instructor',
      'instructorid',
      'instructoremail',
    ],
    students: [
      'students',
      'studentids',
      'studentid',
      'studentlist',
      'roster',
      'enrolledstudents',
      'studentsisids',
    ],
  },
  prefixes: ['section', 'class'],
  multiColumn: ['teachers', 'students'],
  required: [
    'name',
    'sisId',
    'sectionNumber',
    'period',
    'courseName',
    'courseNumber',
    'teachers',
    'students',
  ],
  label: (field) => LABELS[field],
};

const LIST_SEPARATOR = /[;|,\s]+/;
const splitIds = (cells: string[] | undefined): string[] =>
  (cells ?? []).flatMap((cell) => cell.split(LIST_SEPARATOR)).filter(Boolean);

/** Builds section matching's view of the app file from the mapped columns. */
export function appSections(table: ColumnTable, mapping: RecordColumnMapping<SectionField>): SectionFields[] {
  return recordsFromTable(table, mapping, SECTION_VOCABULARY, (single, multi) => ({
    ...single,
    teachers: splitIds(multi.teachers),
    students: splitIds(multi.students),
  }));
}
