// Clever Data API v3.0 record shapes (see shared clever-api.md §2). Every field Clever may omit or
// send as "" is optional here: the client and the matcher must never assume a field exists.

export interface CleverName {
  first?: string;
  middle?: string;
  last?: string;
}

export interface CleverStudentRole {
  sis_id?: string;
  student_number?: string;
  state_id?: string;
  dob?: string; // M/D/YYYY, no zero padding
  grade?: string;
  gender?: string;
  email?: string;
  school?: string;
  schools?: string[];
  graduation_year?: string;
  credentials?: { district_username?: string };
  [extra: string]: unknown;
}

export interface CleverTeacherRole {
  sis_id?: string;
  teacher_number?: string;
  state_id?: string;
  title?: string;
  school?: string;
  schools?: string[];
  credentials?: { district_username?: string };
  [extra: string]: unknown;
}

export interface CleverStaffRole {
  staff_id?: string;
  title?: string;
  department?: string;
  schools?: string[];
  credentials?: { district_username?: string };
  [extra: string]: unknown;
}

export interface CleverDistrictAdminRole {
  title?: string;
  [extra: string]: unknown;
}

export interface CleverUser {
  id: string;
  district: string;
  email?: string | null;
  name?: CleverName;
  created?: string;
  last_modified?: string;
  roles: {
    student?: CleverStudentRole;
    teacher?: CleverTeacherRole;
    staff?: CleverStaffRole;
    district_admin?: CleverDistrictAdminRole;
    contact?: Record<string, unknown>;
  };
}

export interface CleverSchool {
  id: string;
  district: string;
  name: string;
  sis_id?: string;
  school_number?: string;
  state_id?: string;
  nces_id?: string;
  mdr_number?: string;
  low_grade?: string;
  high_grade?: string;
  phone?: string;
  location?: { address?: string; city?: string; state?: string; zip?: string };
  principal?: { name?: string; email?: string };
  [extra: string]: unknown;
}

export interface CleverSection {
  id: string;
  district: string;
  school: string;
  name?: string;
  sis_id?: string;
  section_number?: string;
  period?: string;
  grade?: string;
  subject?: string;
  course?: string;
  term_id?: string;
  teacher?: string;
  teachers?: string[];
  students?: string[];
  [extra: string]: unknown;
}

export interface CleverDistrict {
  id: string;
  name: string;
  mdr_number?: string | null;
  nces_id?: string | null;
  state?: string;
  sis_type?: string;
  portal_url?: string;
  [extra: string]: unknown;
}

export interface CleverLink {
  rel: string;
  uri: string;
}

export interface CleverTerm {
  id: string;
  district: string;
  name?: string;
  start_date?: string;
  end_date?: string;
}

export interface CleverCourse {
  id: string;
  district: string;
  name?: string;
  number?: string;
}

/** An Events API record: `type` is `<collection>.<created|updated|deleted>`. */
export interface CleverEvent {
  id: string;
  type: string;
  created: string;
  data: { object: { id: string; [field: string]: unknown }; previous_attributes?: Record<string, unknown> };
}

/** `/v3.0/me`: an SSO token names a user; a district-app token names its district. */
export interface CleverMe {
  type?: string;
  data: { id: string; district?: string; type?: string; authorized_by?: string };
  links?: CleverLink[];
}

/** One entry of `GET /oauth/tokens?owner_type=district`. */
export interface CleverDistrictToken {
  id: string;
  created: string;
  owner: { type: 'district'; id: string };
  access_token: string;
  scopes: string[];
}

/** One district's rostered records: what the emulator serves and what the synthetic generator produces. */
export interface CleverDistrictRecords {
  district: CleverDistrict;
  schools: CleverSchool[];
  users: CleverUser[];
  sections: CleverSection[];
  terms: CleverTerm[];
  courses: CleverCourse[];
}
