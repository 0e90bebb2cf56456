// Turns Clever v3.0 section objects into what section matching compares (SectionFields) and what the result
// CSV shows (flattened `clever.*` cells), row-aligned, with the same surface as CleverPeople. A section
// carries only course and term ids; given the district's courses and terms, their names and numbers are
// compared too.

import type { CleverCourse, CleverSection, CleverTerm } from '../../clever/types.ts';
import { cellText } from '../records/cell-text.ts';
import { type CleverColumn, CleverRecordCells } from '../records/clever-cells.ts';
import type { SectionFields } from './match-sections.ts';

const primaryFirst = (section: CleverSection): string[] => {
  const ids = [section.teacher, ...(Array.isArray(section.teachers) ? section.teachers : [])];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))];
};

const COLUMNS: CleverColumn<CleverSection>[] = [
  ...(
    [
      'id',
      'district',
      'school',
      'name',
      'sis_id',
      'section_number',
      'period',
      'grade',
      'subject',
      'course',
      'term_id',
      'teacher',
    ] as const
  ).map((field) => ({ header: `clever.${field}`, read: (s: CleverSection) => s[field] })),
  // Co-teachers joined in one cell; students only counted, as a roster of ids would swamp the file.
  { header: 'clever.teachers', read: (s) => primaryFirst(s).join(';') },
  { header: 'clever.student_count', read: (s) => (Array.isArray(s.students) ? s.students.length : 0) },
];

export function cleverSectionHeaders(): string[] {
  return COLUMNS.map((column) => column.header);
}

export interface CleverSectionLookups {
  courses?: Iterable<CleverCourse>;
  terms?: Iterable<CleverTerm>;
}

/** The roster side of a section match: engine inputs plus the output cells, row-aligned. */
export class CleverSections extends CleverRecordCells<CleverSection> {
  readonly sections: SectionFields[] = [];
  private readonly courses = new Map<string, CleverCourse>();
  private readonly termNames = new Map<string, string>();

  constructor(lookups: CleverSectionLookups = {}) {
    super(COLUMNS);
    for (const course of lookups.courses ?? []) this.courses.set(course.id, course);
    for (const term of lookups.terms ?? []) if (term.name) this.termNames.set(term.id, term.name);
  }

  add(section: CleverSection): void {
    if (!this.addCells(section)) return;
    const course = section.course ? this.courses.get(section.course) : undefined;
    this.sections.push({
      name: cellText(section.name),
      sisId: cellText(section.sis_id),
      sectionNumber: cellText(section.section_number),
      period: cellText(section.period),
      courseName: cellText(course?.name),
      courseNumber: cellText(course?.number),
      subject: cellText(section.subject),
      grade: cellText(section.grade),
      term: (section.term_id && this.termNames.get(section.term_id)) || '',
      school: cellText(section.school),
      teachers: primaryFirst(section),
      students: Array.isArray(section.students)
        ? section.students.filter((id): id is string => typeof id === 'string')
        : [],
    });
  }
}
