// Maps an app CSV's headers to the engine's person fields. Real exports spell the same column a dozen
// ways ("First Name", "first_name", "FirstName", "Student First Name", "DOB", "Birth Date"), so headers are
// folded (lower case, letters and digits only) and looked up in the person vocabulary below; `--map`
// overrides or adds to what was detected. The mechanics are shared with schools and sections
// (records/columns.ts); only the vocabulary is people's.

import {
  describeRecordMapping,
  mapRecordColumns,
  parseRecordMapOption,
  type RecordColumnMapping,
  type RecordVocabulary,
} from './records/columns.ts';
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

// Folded header spellings per field. A person-type prefix ("student", "teacher", "staff", "legal",
// "preferred" …) is stripped before lookup, so "Student First Name" and "Teacher Email" need no entry.
const SYNONYMS: Record<MappableField, readonly string[]> = {
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

// "Student ID" / "Teacher ID" / "Staff ID" in a district export is the SIS's own id, i.e. Clever's sis_id,
// while a staff file's "Staff ID" is Clever's staff_id; so these spellings depend on the person type.
const TYPED_ID_SPELLINGS: Record<PersonType, Partial<Record<MappableField, readonly string[]>>> = {
  student: { sisId: ['studentid', 'stuid', 'pupilid'] },
  teacher: { sisId: ['teacherid', 'staffid', 'employeeid', 'educatorid'] },
  staff: { number: ['staffid', 'employeeid'] },
  district_admin: { sisId: ['staffid', 'employeeid', 'adminid'] },
};

/** Fields that may be spread over several columns ("Address 1", "Address 2"; several school columns). */
export const MULTI_COLUMN_FIELDS: ReadonlySet<MappableField> = new Set(['school', 'address']);

const vocabularies = new Map<PersonType, RecordVocabulary<MappableField>>();

/** The person vocabulary for one type (cached: the tables are built once per type). */
export function personVocabulary(type: PersonType): RecordVocabulary<MappableField> {
  let vocabulary = vocabularies.get(type);
  if (!vocabulary) {
    const typed = TYPED_ID_SPELLINGS[type];
    const synonyms = { ...SYNONYMS };
    for (const [field, spellings] of Object.entries(typed) as [MappableField, readonly string[]][])
      synonyms[field] = [...spellings, ...SYNONYMS[field]];
    vocabulary = {
      type,
      mapFieldNames: MAP_FIELD_NAMES,
      synonyms,
      prefixes: TYPE_PREFIXES,
      multiColumn: [...MULTI_COLUMN_FIELDS],
      required: ['first', 'last', 'fullName', 'email', 'sisId', 'number', 'stateId'],
      label: (field) => fieldLabel(field, type),
    };
    vocabularies.set(type, vocabulary);
  }
  return vocabulary;
}

export type ColumnMapping = RecordColumnMapping<MappableField>;

/** Parses `--map "App Column=field,Other=field"`; a field of `-` or `ignore` unmaps a detected column. */
export function parseMapOption(spec: string): Map<string, MappableField | null> {
  // The `--map` field names are the same for every person type.
  return parseRecordMapOption(spec, { ...personVocabulary('student'), type: 'person' });
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
  return mapRecordColumns(headers, personVocabulary(type), idColumn, overrides, file);
}

/** One line per mapped column, for the CLI summary: `"Birth Date" → dob`. */
export function describeMapping(headers: string[], mapping: ColumnMapping, type: PersonType): string[] {
  return describeRecordMapping(headers, mapping, personVocabulary(type));
}
