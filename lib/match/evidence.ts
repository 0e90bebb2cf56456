// Human-readable, per-field reasons for a scored pair. Only field names and comparison levels are
// written, never the values: the text ends up in result files and logs.

import { FIELDS, ID, levelOf, type PairComparer } from './compare.ts';
import { ID_FIELDS } from './prepare.ts';
import type { PersonType } from './types.ts';

const NUMBER_COLUMN: Record<PersonType, string> = {
  student: 'student_number',
  teacher: 'teacher_number',
  staff: 'staff_id',
  district_admin: 'number',
};

function idColumns(type: PersonType): string[] {
  return ID_FIELDS.map((field) =>
    field === 'sisId' ? 'sis_id' : field === 'stateId' ? 'state_id' : NUMBER_COLUMN[type],
  );
}

// Identifiers first, as a reviewer reads them first.
const FIELD_ORDER = [
  'email',
  'username',
  'dob',
  'first',
  'last',
  'middle',
  'grade',
  'school',
  'gender',
  'address',
].map((name) => FIELDS.findIndex((field) => field.name === name));

export function describeEvidence(
  type: PersonType,
  comparer: PairComparer,
  pattern: number,
  i: number,
  j: number,
): string {
  const reasons: string[] = [];
  if (levelOf(pattern, ID) !== 0) {
    const columns = idColumns(type);
    for (let f = 0; f < ID_FIELDS.length; f++) {
      const level = comparer.idLevel(f, i, j);
      if (level !== 0) reasons.push(`${columns[f]} ${FIELDS[ID].levels[level - 1]}`);
    }
  }
  for (const f of FIELD_ORDER) {
    const level = levelOf(pattern, f);
    if (level !== 0) reasons.push(`${FIELDS[f].name} ${FIELDS[f].levels[level - 1]}`);
  }
  return reasons.join('; ');
}
