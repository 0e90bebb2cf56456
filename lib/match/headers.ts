// Maps an app CSV's headers to the engine's person fields. Real exports spell the same column a dozen
// ways ("First Name", "first_name", "FirstName", "Student First Name", "DOB", "Birth Date"), so headers are
// compared in a folded form (lower case, letters and digits only) against a synonym table, and `--map`
// overrides or adds to what was detected.

import { InputError, type InputProblem } from '../errors.ts';
import type { PersonFields, PersonType } from './types.ts';

export type MappableField = Exclude<keyof PersonFields, 'schools'> | 'school';

/** The field names `--map` accepts, in Clever's spelling, and the engine field each one feeds. */
const MAP_FIELD_NAMES: Record<string, MappableField> = {
  first_name: 'first',
  first: 'first',
  middle_name: 'middle',
  middle: 'middle',
  last_name: 'last',
  last: 'last',
  name: 'fullName',
  full_name: 'fullName',
  dob: 'dob',
  email: 'email',
  sis_id: 'sisId',
  student_number: 'number',
  teacher_number: 'number',
  staff_id: 'number',
  number: 'number',
  state_id: 'stateId',
  grade: 'grade',
  school: 'school',
  gender: 'gender',
  username: 'username',
  district_username: 'username',
  address: 'address',
  city: 'city',
  zip: 'zip',
};

/** Field names as printed in summaries and `--map` help (the Clever spelling of each engine field). */
export function fieldLabel(field: MappableField, type: PersonType): string {
  switch (field) {
    case 'first':
      return 'first_name';
    case 'middle':
      return 'middle_name';
    case 'last':
      return 'last_name';
    case 'fullName':
      return 'name';
    case 'sisId':
      return 'sis_id';
    case 'stateId':
      return 'state_id';
    case 'number':
      return type === 'teacher' ? 'teacher_number' : type === 'student' ? 'student_number' : 'staff_id';
    case 'username':
      return 'district_username';
    default:
      return field;
  }
}

const fold = (header: string): string =>
  header
    .normalize('NFKD')
    .toLowerCase()
    .replace(/#/g, 'number')
    .replace(/[^a-z0-9]/g, '');

// Folded header spellings per field. A person-type prefix ("student", "teacher", "staff", "legal",
// "preferred" …) is stripped before lookup, so "Student First Name" and "Teacher Email" need no entry.
const SYNONYMS: Record<MappableField, string[]> = {
  first: ['first', 'firstname', 'givenname', 'fname', 'forename', 'firstnm'],
  middle: ['middle', 'middlename', 'middleinitial', 'mi', 'mname', 'middlenm'],
  last: ['last', 'lastname', 'surname', 'familyname', 'lname', 'lastnm'],
  fullName: ['name', 'fullname', 'displayname'],
  dob: ['dob', 'birthdate', 'dateofbirth', 'birthday', 'bdate', 'birthdt', 'bday'],
  email: ['email', 'emailaddress', 'mail', 'emailaddr', 'schoolemail', 'workemail'],
  sisId: ['sisid', 'sis', 'sisnumber', 'localid', 'districtid', 'sisuserid', 'sourcedid'],
  number: [
    'number',
    'no',
    'num',
    'studentnumber',
    'teachernumber',
    'staffnumber',
    'employeeid',
    'employeenumber',
  ],
  stateId: [
    'stateid',
    'ssid',
    'statestudentid',
    'stateidentifier',
    'statenumber',
    'suid',
    'statetestingid',
    'stateteacherid',
    'stateuniqueid',
    'sasid',
    'nsid',
  ],
  grade: ['grade', 'gradelevel', 'currentgrade', 'gr', 'grd', 'gradelvl'],
  school: ['school', 'schoolname', 'building', 'campus', 'site', 'schoolbuilding', 'homeschool', 'location'],
  gender: ['gender', 'sex'],
  username: ['username', 'districtusername', 'login', 'loginid', 'userid'],
  address: [
    'address',
    'streetaddress',
    'street',
    'address1',
    'address2',
    'addressline1',
    'addressline2',
    'streetnumber',
    'housenumber',
    'homeaddress',
    'mailingaddress',
  ],
  city: ['city', 'town', 'suburb', 'locality', 'homecity'],
  zip: ['zip', 'zipcode', 'postcode', 'postalcode', 'homezip', 'zip5'],
};

const TYPE_PREFIXES = ['student', 'stu', 'teacher', 'staff', 'user', 'legal', 'pupil', 'learner', 'admin'];

// "Student ID" / "Teacher ID" / "Staff ID" in a district export is the SIS's own id, i.e. Clever's sis_id;
// "Student #" is the student number. Resolved per type so a teacher file's "Staff ID" is not a staff_id.
function typedSynonym(folded: string, type: PersonType): MappableField | undefined {
  const idWords: Record<PersonType, string[]> = {
    student: ['studentid', 'stuid', 'pupilid'],
    teacher: ['teacherid', 'staffid', 'employeeid', 'educatorid'],
    staff: ['staffid', 'employeeid'],
    district_admin: ['staffid', 'employeeid', 'adminid'],
  };
  if (idWords[type].includes(folded)) return type === 'staff' && folded === 'staffid' ? 'number' : 'sisId';
  if (folded === 'studentnumber' || folded === 'teachernumber' || folded === 'staffnumber') return 'number';
  return undefined;
}

function detectField(header: string, type: PersonType): MappableField | undefined {
  const folded = fold(header);
  const typed = typedSynonym(folded, type);
  if (typed) return typed;
  const candidates = [folded];
  for (const prefix of TYPE_PREFIXES) {
    if (folded.startsWith(prefix) && folded.length > prefix.length)
      candidates.push(folded.slice(prefix.length));
  }
  for (const candidate of candidates) {
    for (const [field, spellings] of Object.entries(SYNONYMS) as [MappableField, string[]][]) {
      if (spellings.includes(candidate)) return field;
    }
  }
  return undefined;
}

/** Fields that may be spread over several columns ("Address 1", "Address 2"; several school columns). */
export const MULTI_COLUMN_FIELDS: ReadonlySet<MappableField> = new Set(['school', 'address']);

export interface ColumnMapping {
  /** Column index → field, for mapped columns only. */
  columns: Map<number, MappableField>;
  /** Field → column indexes (school and address may span several columns; the others take the first). */
  fields: Map<MappableField, number[]>;
}

/**
 * Parses `--map "App Column=field,Other=field"`. A field of `-` or `ignore` unmaps a detected column.
 * Header names may contain spaces; a comma inside a header name is not supported (say so if needed).
 */
export function parseMapOption(spec: string): Map<string, MappableField | null> {
  const overrides = new Map<string, MappableField | null>();
  const problems: InputProblem[] = [];
  for (const part of spec.split(',')) {
    if (!part.trim()) continue;
    const eq = part.lastIndexOf('=');
    if (eq <= 0) {
      problems.push({
        file: '--map',
        code: 'MAP_SYNTAX',
        message: `"${part.trim()}" is not of the form "Column Name=field" (e.g. --map "Birth Date=dob,Pupil=first_name")`,
      });
      continue;
    }
    const column = part.slice(0, eq).trim();
    const fieldName = part
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (fieldName === '-' || fieldName === 'ignore') {
      overrides.set(column, null);
      continue;
    }
    const field = MAP_FIELD_NAMES[fieldName];
    if (!field) {
      problems.push({
        file: '--map',
        code: 'MAP_UNKNOWN_FIELD',
        message: `unknown field "${fieldName}" for column "${column}"; use one of: ${Object.keys(MAP_FIELD_NAMES).join(', ')}, or "ignore"`,
      });
      continue;
    }
    overrides.set(column, field);
  }
  if (problems.length) throw new InputError(problems);
  return overrides;
}

/**
 * Decides which column feeds which field. `idColumn` is never mapped (it is the app's own key). When two
 * columns claim one field, the first wins, except the multi-column fields (all kept, in column order).
 */
export function mapColumns(
  headers: string[],
  type: PersonType,
  idColumn: number,
  overrides: Map<string, MappableField | null> = new Map(),
  file = 'app file',
): ColumnMapping {
  const problems: InputProblem[] = [];
  for (const name of overrides.keys()) {
    if (!headers.includes(name)) {
      problems.push({
        file,
        column: name,
        code: 'MAP_UNKNOWN_COLUMN',
        message: `--map names column "${name}", which is not in the header (${headers.map((h) => `"${h}"`).join(', ')})`,
      });
    }
  }
  if (problems.length) throw new InputError(problems);

  const columns = new Map<number, MappableField>();
  const fields = new Map<MappableField, number[]>();
  const assign = (index: number, field: MappableField) => {
    const existing = fields.get(field);
    if (existing && !MULTI_COLUMN_FIELDS.has(field)) return;
    columns.set(index, field);
    fields.set(field, [...(existing ?? []), index]);
  };
  // Explicit mappings first so they win over detection.
  headers.forEach((header, index) => {
    const override = overrides.get(header);
    if (override) assign(index, override);
  });
  headers.forEach((header, index) => {
    if (index === idColumn || overrides.has(header) || columns.has(index)) return;
    const field = detectField(header, type);
    if (field) assign(index, field);
  });
  if (!fields.has('first') && !fields.has('last') && !fields.has('fullName')) {
    const hasAnyKey = ['email', 'sisId', 'number', 'stateId'].some((f) => fields.has(f as MappableField));
    if (!hasAnyKey) {
      throw new InputError([
        {
          file,
          code: 'NO_MATCHABLE_COLUMNS',
          message: `no column looks like a name, email or id (headers: ${headers.map((h) => `"${h}"`).join(', ')}); name them with --map "Column=first_name,Other=last_name,…"`,
        },
      ]);
    }
  }
  return { columns, fields };
}

/** One line per mapped column, for the CLI summary: `"Birth Date" → dob`. */
export function describeMapping(headers: string[], mapping: ColumnMapping, type: PersonType): string[] {
  const lines: string[] = [];
  headers.forEach((header, index) => {
    const field = mapping.columns.get(index);
    if (field) lines.push(`"${header}" → ${fieldLabel(field, type)}`);
  });
  const unused = headers.filter((_, index) => !mapping.columns.has(index));
  if (unused.length) lines.push(`not used for matching: ${unused.map((h) => `"${h}"`).join(', ')}`);
  return lines;
}
