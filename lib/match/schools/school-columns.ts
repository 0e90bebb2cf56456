// Maps an app's school export to SchoolFields. Real exports call the NCES id "NCES ID", "NCESSCH" or
// "NCES School ID", the district's number "School Code", "Building Code" or "Site #"; "School ID" is read
// as the SIS's id (as "Student ID" is for people), never as the app's own id.

import {
  type ColumnTable,
  type RecordColumnMapping,
  type RecordVocabulary,
  recordsFromTable,
} from '../records/columns.ts';
import type { SchoolFields } from './match-schools.ts';

export type SchoolField = keyof SchoolFields;

const LABELS: Record<SchoolField, string> = {
  name: 'name',
  ncesId: 'nces_id',
  mdrNumber: 'mdr_number',
  stateId: 'state_id',
  sisId: 'sis_id',
  schoolNumber: 'school_number',
  lowGrade: 'low_grade',
  highGrade: 'high_grade',
  grades: 'grades',
  city: 'city',
  zip: 'zip',
  address: 'address',
  phone: 'phone',
};

export const SCHOOL_VOCABULARY: RecordVocabulary<SchoolField> = {
  type: 'school',
  mapFieldNames: Object.fromEntries(
    (Object.entries(LABELS) as [SchoolField, string][]).map(([field, label]) => [label, field]),
  ),
  synonyms: {
    name: [
      'name',
      'schoolname',
      'school',
      'building',
      'buildingname',
      'campus',
      'campusname',
      'site',
      'sitename',
    ],
    ncesId: ['ncesid', 'nces', 'ncesschoolid', 'ncesnumber', 'ncessch', 'ncescode', 'ncesschoolnumber'],
    mdrNumber: ['mdr', 'mdrnumber', 'mdrid', 'mdrpid', 'pid'],
    stateId: [
      'stateid',
      'stateschoolid',
      'stateschoolcode',
      'statecode',
      'stateschoolnumber',
      'statenumber',
      'stateidentifier',
      'cdscode',
    ],
    sisId: ['sisid', 'sis', 'schoolid', 'sisschoolid', 'localid', 'sourcedid'],
    schoolNumber: ['number', 'no', 'num', 'code', 'schoolnumber', 'schoolcode', 'buildingcode', 'sitecode'],
    lowGrade: ['lowgrade', 'lowestgrade', 'gradelow', 'mingrade', 'gradefrom', 'startgrade'],
    highGrade: ['highgrade', 'highestgrade', 'gradehigh', 'maxgrade', 'gradeto', 'endgrade'],
    grades: [
      'grades',
      'gradespan',
      'graderange',
      'gradelevels',
      'gradesserved',
      'gradesoffered',
      'gradeband',
    ],
    city: ['city', 'town', 'locationcity', 'municipality'],
    zip: ['zip', 'zipcode', 'postalcode', 'postcode', 'zip5', 'locationzip'],
    address: ['address', 'streetaddress', 'street', 'address1', 'addressline1', 'locationaddress'],
    phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mainphone'],
  },
  prefixes: ['school', 'building', 'site', 'campus'],
  multiColumn: [],
  required: ['name', 'ncesId', 'mdrNumber', 'stateId', 'sisId', 'schoolNumber'],
  label: (field) => LABELS[field],
};

/** Builds school matching's view of the app file from the mapped columns. */
export function appSchools(table: ColumnTable, mapping: RecordColumnMapping<SchoolField>): SchoolFields[] {
  return recordsFromTable(table, mapping, SCHOOL_VOCABULARY, (single) => single);
}
