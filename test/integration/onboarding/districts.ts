// Small, hand-shaped Clever districts for the onboarding tests: each has a district admin (who may link),
// a teacher and a student (who may not), and exactly the numbers, state, school count and email domain an
// onboarding situation needs. The emulator serves them like any other dataset. (The demo districts that
// `npm start` and `npm run demo:onboarding` serve are the emulator's own, lib/clever/emulator/demo.ts.)
import type { CleverDataset } from '../../../dev/clever-emulator/district-data.ts';
import type { CleverSchool, CleverUser } from '../../../lib/clever/types.ts';

export interface OnboardingDistrictSpec {
  /** 1–4095, unique per emulator: becomes the distinctive part of every 24-hex id. */
  number: number;
  name: string;
  usState: string;
  emailDomain: string;
  mdrNumber?: string;
  ncesId?: string;
  schools?: number;
}

function hexId(district: number, kind: number, n: number): string {
  return `${district.toString(16).padStart(3, '0')}${kind.toString(16).padStart(2, '0')}${n.toString(16).padStart(19, '0')}`;
}

export interface OnboardingDistrict {
  dataset: CleverDataset;
  districtId: string;
  districtAdminId: string;
  teacherId: string;
  studentId: string;
}

export function onboardingDistrict(spec: OnboardingDistrictSpec): OnboardingDistrict {
  const districtId = hexId(spec.number, 1, 0);
  const schools: CleverSchool[] = Array.from({ length: spec.schools ?? 3 }, (_, n) => ({
    id: hexId(spec.number, 2, n + 1),
    district: districtId,
    name: `${spec.name.split(' ')[0]} School ${n + 1}`,
    sis_id: String(100 + n),
    school_number: String(100 + n),
    location: { city: spec.name.split(' ')[0], state: spec.usState },
  }));
  const person = (n: number, first: string, last: string, roles: CleverUser['roles']): CleverUser => ({
    id: hexId(spec.number, 3, n),
    district: districtId,
    email: `${first}.${last}@${spec.emailDomain}`.toLowerCase(),
    name: { first, last },
    roles,
  });
  const users = [
    person(1, 'Dana', 'Admin', { district_admin: { title: 'Director of Technology' } }),
    person(2, 'Terry', 'Teacher', {
      teacher: { sis_id: 'T1', school: schools[0].id, schools: [schools[0].id] },
    }),
    person(3, 'Sam', 'Student', {
      student: { sis_id: 'S1', dob: '1/2/2012', grade: '7', school: schools[0].id, schools: [schools[0].id] },
    }),
  ];
  return {
    dataset: {
      district: {
        id: districtId,
        name: spec.name,
        mdr_number: spec.mdrNumber ?? null,
        nces_id: spec.ncesId ?? null,
        state: 'running',
        sis_type: 'sftp',
      },
      schools,
      users,
      sections: [],
      terms: [],
      courses: [],
    },
    districtId,
    districtAdminId: users[0].id,
    teacherId: users[1].id,
    studentId: users[2].id,
  };
}
