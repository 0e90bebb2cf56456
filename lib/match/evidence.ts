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

/**
 * Writes evidence for pairs. The text depends only on the comparison pattern and the per-id-column
 * levels, so each distinct combination is built once: a million matches share a few hundred texts.
 */
export class EvidenceWriter {
  private readonly columns: string[];
  private readonly written = new Map<number, string>();

  constructor(
    type: PersonType,
    private readonly comparer: PairComparer,
  ) {
    this.columns = idColumns(type);
  }

  describe(pattern: number, i: number, j: number): string {
    let idLevels = 0;
    if (levelOf(pattern, ID) !== 0) {
      for (let f = 0; f < ID_FIELDS.length; f++) idLevels = idLevels * 8 + this.comparer.idLevel(f, i, j);
    }
    const key = pattern * 512 + idLevels;
    let text = this.written.get(key);
    if (text === undefined) {
      text = this.compose(pattern, idLevels);
      this.written.set(key, text);
    }
    return text;
  }

  private compose(pattern: number, idLevels: number): string {
    const reasons: string[] = [];
    for (let f = 0; f < ID_FIELDS.length; f++) {
      const level = Math.floor(idLevels / 8 ** (ID_FIELDS.length - 1 - f)) % 8;
      if (level !== 0) reasons.push(`${this.columns[f]} ${FIELDS[ID].levels[level - 1]}`);
    }
    for (const f of FIELD_ORDER) {
      const level = levelOf(pattern, f);
      if (level !== 0) reasons.push(`${FIELDS[f].name} ${FIELDS[f].levels[level - 1]}`);
    }
    return reasons.join('; ');
  }
}
