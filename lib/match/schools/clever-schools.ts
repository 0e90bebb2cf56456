// Turns Clever v3.0 school objects into what school matching compares (SchoolFields) and what the result
// CSV shows (flattened `clever.*` cells), row-aligned, with the same surface as CleverPeople.

import type { CleverSchool } from '../../clever/types.ts';
import { cellText } from '../records/cell-text.ts';
import { type CleverColumn, CleverRecordCells } from '../records/clever-cells.ts';
import type { SchoolFields } from './match-schools.ts';

const COLUMNS: CleverColumn<CleverSchool>[] = [
  { header: 'clever.id', read: (s) => s.id },
  { header: 'clever.district', read: (s) => s.district },
  { header: 'clever.name', read: (s) => s.name },
  ...(
    ['sis_id', 'school_number', 'state_id', 'nces_id', 'mdr_number', 'low_grade', 'high_grade'] as const
  ).map((field) => ({ header: `clever.${field}`, read: (s: CleverSchool) => s[field] })),
  ...(['address', 'city', 'state', 'zip'] as const).map((field) => ({
    header: `clever.location.${field}`,
    read: (s: CleverSchool) => s.location?.[field],
  })),
  { header: 'clever.phone', read: (s) => s.phone },
];

export function cleverSchoolHeaders(): string[] {
  return COLUMNS.map((column) => column.header);
}

/** The roster side of a school match: engine inputs plus the output cells, row-aligned. */
export class CleverSchools extends CleverRecordCells<CleverSchool> {
  readonly schools: SchoolFields[] = [];

  constructor() {
    super(COLUMNS);
  }

  add(school: CleverSchool): void {
    if (!this.addCells(school)) return;
    this.schools.push({
      name: cellText(school.name),
      ncesId: cellText(school.nces_id),
      mdrNumber: cellText(school.mdr_number),
      stateId: cellText(school.state_id),
      sisId: cellText(school.sis_id),
      schoolNumber: cellText(school.school_number),
      lowGrade: cellText(school.low_grade),
      highGrade: cellText(school.high_grade),
      city: cellText(school.location?.city),
      zip: cellText(school.location?.zip),
      address: cellText(school.location?.address),
      phone: cellText(school.phone),
    });
  }
}
