// Turns Clever v3.0 user objects into what the engine compares (PersonFields) and what the result CSV
// shows (the flattened `clever.*` cells). Only the columns a reviewer needs are kept, column by column,
// so a million-user roster is held once, compactly, and never as a million parsed JSON trees.

import type { CleverSchool, CleverUser } from '../clever/types.ts';
import { fieldLabel } from './headers.ts';
import { cellText as text } from './records/cell-text.ts';
import type { PersonFields, PersonType } from './types.ts';

interface CleverColumn {
  header: string;
  read: (user: CleverUser, role: Record<string, unknown>) => unknown;
}

const nameColumns: CleverColumn[] = [
  { header: 'clever.id', read: (u) => u.id },
  { header: 'clever.district', read: (u) => u.district },
  { header: 'clever.name.first', read: (u) => u.name?.first },
  { header: 'clever.name.middle', read: (u) => u.name?.middle },
  { header: 'clever.name.last', read: (u) => u.name?.last },
  { header: 'clever.email', read: (u, r) => u.email || r.email },
];
const roleField =
  (field: string): CleverColumn['read'] =>
  (_u, r) =>
    r[field];
const username: CleverColumn['read'] = (_u, r) =>
  (r.credentials as { district_username?: string } | undefined)?.district_username;
const primarySchool: CleverColumn['read'] = (_u, r) => r.school ?? (r.schools as string[] | undefined)?.[0];

const schoolAndLoginColumns: CleverColumn[] = [
  { header: 'clever.school', read: primarySchool },
  { header: 'clever.district_username', read: username },
];

const COLUMNS: Record<PersonType, CleverColumn[]> = {
  student: [
    ...nameColumns,
    ...['sis_id', 'student_number', 'state_id', 'dob', 'grade', 'gender'].map((f) => ({
      header: `clever.${f}`,
      read: roleField(f),
    })),
    ...schoolAndLoginColumns,
  ],
  teacher: [
    ...nameColumns,
    ...['sis_id', 'teacher_number', 'state_id', 'title'].map((f) => ({
      header: `clever.${f}`,
      read: roleField(f),
    })),
    ...schoolAndLoginColumns,
  ],
  staff: [
    ...nameColumns,
    ...['staff_id', 'title', 'department'].map((f) => ({ header: `clever.${f}`, read: roleField(f) })),
    ...schoolAndLoginColumns,
  ],
  district_admin: [...nameColumns, { header: 'clever.title', read: roleField('title') }],
};

export function cleverHeaders(type: PersonType): string[] {
  return COLUMNS[type].map((c) => c.header);
}

/** The roster side of a match: engine inputs plus the output cells, row-aligned. */
export class CleverPeople {
  readonly people: PersonFields[] = [];
  readonly ids: string[] = [];
  /** One array per `clever.*` column (columnar, to keep a million rows small). */
  readonly cells: string[][];
  /** How many roster records were skipped because they lack the role being matched (or any roles). */
  skippedOtherRoles = 0;
  private readonly columns: CleverColumn[];
  /** The role field holding the number: student_number, teacher_number or staff_id. */
  private readonly numberField: string;

  constructor(
    readonly type: PersonType,
    private readonly schoolNames: ReadonlyMap<string, string> = new Map(),
  ) {
    this.columns = COLUMNS[type];
    this.numberField = fieldLabel('number', type);
    this.cells = this.columns.map(() => []);
  }

  get size(): number {
    return this.ids.length;
  }

  add(user: CleverUser): void {
    const role = user.roles?.[this.type] as Record<string, unknown> | undefined;
    if (!role) {
      this.skippedOtherRoles++;
      return;
    }
    this.ids.push(user.id);
    this.columns.forEach((column, index) => {
      this.cells[index].push(text(column.read(user, role)));
    });
    this.people.push(this.toPerson(user, role));
  }

  row(index: number): string[] {
    return this.cells.map((column) => column[index]);
  }

  private toPerson(user: CleverUser, role: Record<string, unknown>): PersonFields {
    const schoolIds = new Set<string>();
    if (typeof role.school === 'string' && role.school) schoolIds.add(role.school);
    if (Array.isArray(role.schools))
      for (const id of role.schools) if (typeof id === 'string') schoolIds.add(id);
    const schools = [...schoolIds].map((id) => this.schoolNames.get(id)).filter((n): n is string => !!n);
    const location = role.location as { address?: string; city?: string; zip?: string } | undefined;
    return {
      first: text(user.name?.first),
      middle: text(user.name?.middle),
      last: text(user.name?.last),
      email: text(user.email) || text(role.email),
      dob: text(role.dob),
      sisId: text(role.sis_id),
      number: text(role[this.numberField]),
      stateId: text(role.state_id),
      grade: text(role.grade),
      gender: text(role.gender),
      schools: schools.length ? schools : undefined,
      username: text((role.credentials as { district_username?: string } | undefined)?.district_username),
      address: text(location?.address),
      city: text(location?.city),
      zip: text(location?.zip),
    };
  }
}

/** School id → name, for resolving Clever users' school ids into names the app file can be compared with. */
export function schoolNameIndex(schools: Iterable<CleverSchool>): Map<string, string> {
  const names = new Map<string, string>();
  for (const school of schools) if (school.id && school.name) names.set(school.id, school.name);
  return names;
}
