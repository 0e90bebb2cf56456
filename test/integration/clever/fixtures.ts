// The example payloads of shared/clever-api.md §4 (synthetic values, Clever's real shapes), copied
// verbatim, and a hand-made district built from exactly those records so the emulator's answers can
// be compared with them field for field.
import type { CleverDataset } from '../../../dev/clever-emulator/district-data.ts';
import type {
  CleverDistrict,
  CleverEvent,
  CleverSchool,
  CleverSection,
  CleverUser,
} from '../../../lib/clever/types.ts';

export const EXAMPLE_DISTRICT = {
  data: {
    id: '65a0000000000000000000d1',
    name: '#DEMO Springfield USD',
    sis_type: 'sftp',
    state: 'running',
    error: '',
    launch_date: '2024-08-01',
    last_sync: '2024-09-02T16:08:05.652Z',
    portal_url: 'https://clever.com/in/demo-springfield',
    login_methods: ['Clever Badges', 'Clever Passwords'],
    mdr_number: '01234567',
    nces_id: '0601234',
    district_contact: {
      id: '65a0000000000000000000c1',
      district: '65a0000000000000000000d1',
      email: 'it@example.org',
      name: { first: 'Pat', last: 'Lee' },
      title: '',
    },
  },
  links: [{ rel: 'self', uri: '/v3.0/districts/65a0000000000000000000d1' }],
};

export const EXAMPLE_SCHOOL = {
  data: {
    id: '65a00000000000000000b001',
    district: '65a0000000000000000000d1',
    name: 'Maple Elementary',
    sis_id: '101',
    school_number: '101',
    state_id: '30890',
    nces_id: '060123400001',
    mdr_number: '',
    phone: '(555) 555-0100',
    low_grade: 'Kindergarten',
    high_grade: '5',
    created: '2024-08-01T12:00:00.000Z',
    last_modified: '2024-09-02T16:07:28.860Z',
    location: { address: '1 Maple Way', city: 'Springfield', state: 'CA', zip: '90000' },
    principal: { name: 'Dana Cruz', email: 'dcruz@example.org' },
    ext: { charter_school: 'N' },
  },
  links: [
    { rel: 'self', uri: '/v3.0/schools/65a00000000000000000b001' },
    { rel: 'district', uri: '/v3.0/schools/65a00000000000000000b001/district' },
    { rel: 'sections', uri: '/v3.0/schools/65a00000000000000000b001/sections' },
    { rel: 'users', uri: '/v3.0/schools/65a00000000000000000b001/users' },
    { rel: 'terms', uri: '/v3.0/schools/65a00000000000000000b001/terms' },
    { rel: 'courses', uri: '/v3.0/schools/65a00000000000000000b001/courses' },
  ],
};

export const EXAMPLE_STUDENT = {
  data: {
    id: '65a00000000000000000a101',
    district: '65a0000000000000000000d1',
    email: 'sam.r@example.com',
    name: { first: 'Sam', middle: 'J', last: 'Rivera' },
    created: '2024-08-01T12:00:01.632Z',
    last_modified: '2024-09-02T16:07:32.854Z',
    roles: {
      student: {
        sis_id: '233564',
        student_number: '233564',
        state_id: '1975000',
        dob: '1/6/2014',
        grade: '4',
        gender: 'F',
        race: 'Asian',
        hispanic_ethnicity: 'N',
        ell_status: 'N',
        graduation_year: '',
        email: 'sam.r@example.com',
        school: '65a00000000000000000b001',
        schools: ['65a00000000000000000b001'],
        enrollments: [],
        credentials: { district_username: 'samr14' },
        location: { address: '', city: '', state: '', zip: '90001' },
        ext: { gifted_status: 'N' },
      },
    },
  },
  links: [
    { rel: 'self', uri: '/v3.0/users/65a00000000000000000a101' },
    { rel: 'district', uri: '/v3.0/users/65a00000000000000000a101/district' },
    { rel: 'sections', uri: '/v3.0/users/65a00000000000000000a101/sections' },
    { rel: 'myContacts', uri: '/v3.0/users/65a00000000000000000a101/myContacts' },
    { rel: 'myTeachers', uri: '/v3.0/users/65a00000000000000000a101/myTeachers' },
    { rel: 'schools', uri: '/v3.0/users/65a00000000000000000a101/schools' },
  ],
};

export const EXAMPLE_TEACHER = {
  data: {
    id: '65a00000000000000000a201',
    district: '65a0000000000000000000d1',
    email: 'k.nguyen@example.org',
    name: { first: 'Kim', middle: '', last: 'Nguyen' },
    created: '2024-08-01T12:00:03.568Z',
    last_modified: '2024-09-02T16:07:34.807Z',
    roles: {
      teacher: {
        sis_id: '47',
        teacher_number: '230186',
        state_id: '751884',
        title: 'Grade 4 Teacher',
        school: '65a00000000000000000b001',
        schools: ['65a00000000000000000b001'],
        credentials: { district_username: 'knguyen' },
        legacy_id: '58da0000000000000000aa01',
        ext: {},
      },
    },
  },
  links: [
    { rel: 'self', uri: '/v3.0/users/65a00000000000000000a201' },
    { rel: 'district', uri: '/v3.0/users/65a00000000000000000a201/district' },
    { rel: 'sections', uri: '/v3.0/users/65a00000000000000000a201/sections' },
    { rel: 'myStudents', uri: '/v3.0/users/65a00000000000000000a201/myStudents' },
    { rel: 'schools', uri: '/v3.0/users/65a00000000000000000a201/schools' },
  ],
};

export const EXAMPLE_SECTION = {
  data: {
    id: '65a00000000000000000c001',
    district: '65a0000000000000000000d1',
    school: '65a00000000000000000b001',
    name: 'Grade 4 Math - Nguyen - 2',
    sis_id: '587',
    section_number: '',
    period: '2',
    grade: '4',
    subject: 'math',
    course: '65a00000000000000000e001',
    term_id: '65a00000000000000000f001',
    teacher: '65a00000000000000000a201',
    teachers: ['65a00000000000000000a201'],
    students: ['65a00000000000000000a101'],
    created: '2024-08-01T12:05:00.310Z',
    last_modified: '2024-09-02T16:07:31.465Z',
    ext: { classroom: 'A1' },
  },
  links: [
    { rel: 'self', uri: '/v3.0/sections/65a00000000000000000c001' },
    { rel: 'district', uri: '/v3.0/sections/65a00000000000000000c001/district' },
    { rel: 'school', uri: '/v3.0/sections/65a00000000000000000c001/school' },
    { rel: 'term', uri: '/v3.0/sections/65a00000000000000000c001/term' },
    { rel: 'course', uri: '/v3.0/sections/65a00000000000000000c001/course' },
    { rel: 'users', uri: '/v3.0/sections/65a00000000000000000c001/users' },
  ],
};

/** `GET /v3.0/events?starting_after=65b0000000000000000e0001`. */
export const EXAMPLE_EVENTS_PAGE = {
  data: [
    {
      data: {
        id: '65b0000000000000000e0002',
        type: 'users.updated',
        created: '2024-09-02T16:09:41.000Z',
        data: {
          object: {
            id: '65a00000000000000000a101',
            district: '65a0000000000000000000d1',
            roles: { student: { grade: '4' } },
          },
          previous_attributes: { roles: { student: { grade: '3' } } },
        },
      },
      uri: '/v3.0/events/65b0000000000000000e0002',
    },
  ],
  links: [
    { rel: 'self', uri: '/v3.0/events?starting_after=65b0000000000000000e0001' },
    { rel: 'prev', uri: '/v3.0/events?ending_before=65b0000000000000000e0002' },
  ],
};

/** The user of the `/v3.0/me` example (an SSO login). */
export const EXAMPLE_ME_USER_ID = '65a00000000000000000a001';

export const EXAMPLE_ME = {
  type: 'user',
  data: {
    id: '65a00000000000000000a001',
    district: '65a0000000000000000000d1',
    type: 'user',
    authorized_by: 'district',
  },
  links: [
    { rel: 'self', uri: '/me' },
    { rel: 'canonical', uri: '/v3.0/users/65a00000000000000000a001' },
    { rel: 'district', uri: '/v3.0/districts/65a0000000000000000000d1' },
  ],
};

/** Top-level keys of one `/oauth/tokens?owner_type=district` entry, and its self link. */
export const EXAMPLE_TOKEN_ENTRY_KEYS = ['access_token', 'created', 'id', 'owner', 'scopes'];
export const EXAMPLE_TOKEN_LIST_SELF = '/oauth/tokens?owner_type=district';

/** Hex id `n` after `base` (same length), for filler records that sort after the examples. */
export function idAfter(base: string, n: number): string {
  return (BigInt(`0x${base}`) + BigInt(n)).toString(16).padStart(24, '0');
}

/**
 * The §4 district: the example records, the SSO user of the /me example, a term and course for the
 * section, the two events of the events example, and `extraStudents` filler students (for paging).
 */
export function exampleDataset(extraStudents = 0): CleverDataset {
  const district = EXAMPLE_DISTRICT.data.id;
  const admin: CleverUser = {
    id: EXAMPLE_ME_USER_ID,
    district,
    email: 'pat.lee@example.org',
    name: { first: 'Pat', middle: '', last: 'Lee' },
    roles: { district_admin: { title: 'IT Director' } },
  };
  const fillers: CleverUser[] = Array.from({ length: extraStudents }, (_, n) => ({
    id: idAfter('65a00000000000000000a300', n),
    district,
    name: { first: `Student${n}`, last: 'Filler' },
    roles: {
      student: {
        sis_id: String(900000 + n),
        dob: `${(n % 12) + 1}/${(n % 28) + 1}/2013`,
        grade: '4',
        school: EXAMPLE_SCHOOL.data.id,
      },
    },
  }));
  const events: CleverEvent[] = [
    {
      id: '65b0000000000000000e0001',
      type: 'users.created',
      created: '2024-09-02T16:09:40.000Z',
      data: { object: { id: EXAMPLE_STUDENT.data.id, district } },
    },
    EXAMPLE_EVENTS_PAGE.data[0].data,
  ];
  return {
    district: EXAMPLE_DISTRICT.data as CleverDistrict,
    schools: [EXAMPLE_SCHOOL.data as CleverSchool],
    users: [admin, EXAMPLE_STUDENT.data as CleverUser, EXAMPLE_TEACHER.data as CleverUser, ...fillers],
    sections: [EXAMPLE_SECTION.data as CleverSection],
    terms: [
      {
        id: '65a00000000000000000f001',
        district,
        name: 'S1',
        start_date: '2024-08-15',
        end_date: '2024-12-20',
      },
    ],
    courses: [{ id: '65a00000000000000000e001', district, name: 'Grade 4 Math', number: 'M4' }],
    events,
  };
}
