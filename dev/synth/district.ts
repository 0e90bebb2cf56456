// A deterministic synthetic Clever district plus the app's own exports of the same people, with the
// truth of who is who. The evaluation and the benchmarks are built on it; other modules' tests use it
// as realistic input.
import type {
  CleverCourse,
  CleverDistrict,
  CleverDistrictRecords,
  CleverSchool,
  CleverSection,
  CleverTerm,
  CleverUser,
} from '../../lib/clever/types.ts';
import { emailPart, NamePools } from './names.ts';
import {
  APP_HEADERS,
  type AppDateStyle,
  type AppHeaderStyle,
  type AppRecord,
  DEFAULT_NOISE,
  gradeName,
  type NoiseRates,
  PeopleGenerator,
  type PeopleSettings,
  type SchoolPlan,
  type SynthPersonKind,
  type SynthProfile,
} from './people.ts';
import { Random } from './random.ts';

export type { NoiseRates, SynthPersonKind, SynthProfile } from './people.ts';
export { DEFAULT_NOISE } from './people.ts';

export interface SynthOptions {
  seed: number;
  students: number;
  teachers?: number;
  staff?: number;
  schools?: number;
  districtId?: string;
  districtName?: string;
  mdrNumber?: string | null;
  ncesId?: string | null;
  state?: string;
  emailDomain?: string;
  profile?: SynthProfile;
  sectionsPerTeacher?: number;
  /** Share of the Clever roster present in the app (default 1 − noise.cleverOnly). */
  appShare?: number;
  /** Overrides of the default noise rates. */
  noise?: Partial<NoiseRates>;
  /** App header spelling; by default it varies with the seed. */
  headerStyle?: AppHeaderStyle;
  /** App date format; by default it varies with the seed. */
  dateStyle?: AppDateStyle;
}

export interface AppExport {
  headers: string[];
  rows: string[][];
  /** App id → Clever user id, or null when only the app has the person. */
  truth: Map<string, string | null>;
  /** App ids that are duplicates of another app row. */
  duplicateIds: Set<string>;
  /** Duplicate app id → the app id of the row it duplicates. */
  duplicateOf: Map<string, string>;
  /** App id → tags of the noise applied to that row (for error breakdowns). */
  noise: Map<string, string[]>;
}

export interface SyntheticDistrict extends CleverDistrictRecords {
  app: { student: AppExport; teacher: AppExport; staff: AppExport };
  /** Duplicate Clever user id → the Clever id of the same person's first record. */
  cleverDuplicates: Map<string, string>;
}

/** Clever record kinds, used as the middle byte of generated ids so kinds never collide. */
export const ID_KIND = {
  district: 0,
  school: 1,
  student: 2,
  teacher: 3,
  staff: 4,
  section: 5,
  term: 6,
  course: 7,
  districtAdmin: 8,
} as const;

/**
 * A 24-hex id shaped like a Mongo ObjectID: a seed-derived timestamp, the kind, then `n`, so ids of one
 * kind ascend with `n` the way Clever's ids sort by creation.
 */
export function cleverId(seed: number, kind: number, n: number): string {
  const timestamp = (0x60000000 + ((seed >>> 0) % 0x0fffffff)).toString(16).padStart(8, '0');
  return `${timestamp}${(kind & 0xff).toString(16).padStart(2, '0')}${n.toString(16).padStart(14, '0')}`;
}

const SCHOOL_STEMS =
  `Maple Lincoln Washington Jefferson Roosevelt Oak Cedar Pine Willow Riverside Lakeview Hillcrest
Sunset Highland Valley Meadow Brookside Fairview Parkside Westwood Eastside Northridge Southgate Kennedy King Chavez
Franklin Madison Adams Monroe Jackson Garfield Grant Hamilton Harrison Emerson Whitman Thoreau Edison Carver Douglass
Tubman Parks Sequoia Redwood Aspen Sierra Canyon Mesa Prairie Summit`
    .split(/\s+/)
    .filter(Boolean);

const SCHOOL_MODIFIERS = [
  'Park',
  'Creek',
  'Hills',
  'Ridge',
  'Grove',
  'Heights',
  'Lake',
  'Springs',
  'Village',
  'Glen',
];

const SCHOOL_LEVELS = [
  { low: 0, high: 5, name: 'Elementary', short: 'Elem' },
  { low: 6, high: 8, name: 'Middle School', short: 'MS' },
  { low: 9, high: 12, name: 'High School', short: 'HS' },
];

export interface ResolvedSettings {
  seed: number;
  district: CleverDistrict;
  emailDomain: string;
  schools: CleverSchool[];
  schoolPlans: SchoolPlan[];
  headerStyle: AppHeaderStyle;
  people: (kind: SynthPersonKind, population: number) => PeopleSettings;
}

/** Everything about a district except its people: shared by the in-memory and streaming generators. */
export function resolveSettings(options: SynthOptions): ResolvedSettings {
  const seed = options.seed;
  const random = new Random(seed);
  const districtId = options.districtId ?? cleverId(seed, ID_KIND.district, 0);
  const state = options.state ?? random.pick(['CA', 'TX', 'NY', 'FL', 'IL', 'OH', 'GA', 'WA', 'AZ', 'NM']);
  const stem = random.pick(SCHOOL_STEMS);
  const districtName = options.districtName ?? `${stem} Unified School District`;
  const emailDomain = options.emailDomain ?? `${stem.toLowerCase()}usd.org`;
  const district: CleverDistrict = {
    id: districtId,
    name: districtName,
    mdr_number: options.mdrNumber === undefined ? random.digits(8) : options.mdrNumber,
    nces_id: options.ncesId === undefined ? `${random.between(10, 56)}${random.digits(5)}` : options.ncesId,
    state,
    sis_type: 'sftp',
    portal_url: `https://clever.com/in/${stem.toLowerCase()}usd`,
  };

  // About 450 students a school, capped near the size of the largest US district.
  const schoolCount = Math.max(3, options.schools ?? Math.min(1200, Math.round(options.students / 450)));
  const schools: CleverSchool[] = [];
  const schoolPlans: SchoolPlan[] = [];
  const usedNames = new Set<string>();
  for (let n = 0; n < schoolCount; n++) {
    // The first three cover every grade; the rest lean elementary, as districts do.
    const level =
      n < 3 ? SCHOOL_LEVELS[n] : SCHOOL_LEVELS[random.chance(0.55) ? 0 : random.chance(0.55) ? 1 : 2];
    let schoolStem = random.pick(SCHOOL_STEMS);
    for (let attempt = 1; usedNames.has(`${schoolStem} ${level.name}`); attempt++) {
      // Big districts run out of plain stems and name schools "Oak Creek", "Lincoln Park", then number them.
      schoolStem = `${random.pick(SCHOOL_STEMS)} ${random.pick(SCHOOL_MODIFIERS)}${attempt > 50 ? ` ${attempt}` : ''}`;
    }
    const name = `${schoolStem} ${level.name}`;
    usedNames.add(name);
    const id = cleverId(seed, ID_KIND.school, n);
    const number = String(100 + n);
    schools.push({
      id,
      district: districtId,
      name,
      sis_id: number,
      school_number: number,
      state_id: random.digits(5),
      nces_id: district.nces_id ? `${district.nces_id}${random.digits(5)}` : '',
      low_grade: gradeName(level.low),
      high_grade: gradeName(level.high),
      location: {
        address: `${random.between(1, 999)} ${schoolStem} Way`,
        city: stem,
        state,
        zip: random.digits(5),
      },
    });
    const appName = random.pick([
      name,
      `${name} School`.replace('School School', 'School'),
      `${schoolStem} ${level.short}`,
    ]);
    schoolPlans.push({
      id,
      name,
      appName: random.chance(0.2) ? appName.toUpperCase() : appName,
      lowGrade: level.low,
      highGrade: level.high,
    });
  }

  const noise: NoiseRates = { ...DEFAULT_NOISE, ...options.noise };
  if (options.appShare !== undefined) noise.cleverOnly = 1 - options.appShare;
  const dateStyle =
    options.dateStyle ?? random.pick<AppDateStyle>(['MM/DD/YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD', 'M/D/YYYY']);
  const headerStyle = options.headerStyle ?? (seed % 3 === 2 ? 'snake' : 'title');
  const profile = options.profile ?? 'ids-present';
  const oldEmailDomain = `${stem.toLowerCase()}.k12.${state.toLowerCase()}.us`;
  const usedEmails = new Set<string>();

  return {
    seed,
    district,
    emailDomain,
    schools,
    schoolPlans,
    headerStyle,
    people: (kind, population) => ({
      seed,
      districtId,
      emailDomain,
      oldEmailDomain,
      profile,
      schools: schoolPlans,
      noise,
      dateStyle,
      population,
      usedEmails,
      cleverId: (n) => cleverId(seed, ID_KIND[kind], n),
    }),
  };
}

/**
 * How many people of a kind a district has: the given count, else one teacher per 16 students and one
 * staff member per 60. Shared by the in-memory and streaming generators.
 */
export function populationOf(options: SynthOptions, kind: SynthPersonKind): number {
  if (kind === 'teacher') return options.teachers ?? Math.ceil(options.students / 16);
  if (kind === 'staff') return options.staff ?? Math.ceil(options.students / 60);
  return options.students;
}

function emptyExport(headers: string[]): AppExport {
  return {
    headers,
    rows: [],
    truth: new Map(),
    duplicateIds: new Set(),
    duplicateOf: new Map(),
    noise: new Map(),
  };
}

function addAppRecord(target: AppExport, record: AppRecord): void {
  target.rows.push(record.cells);
  target.truth.set(record.appId, record.cleverId);
  target.noise.set(record.appId, record.noise);
  if (record.duplicateOf) {
    target.duplicateIds.add(record.appId);
    target.duplicateOf.set(record.appId, record.duplicateOf);
  }
}

export function generateDistrict(options: SynthOptions): SyntheticDistrict {
  const settings = resolveSettings(options);
  const { seed, district, schools } = settings;
  const users: CleverUser[] = [];
  const cleverDuplicates = new Map<string, string>();
  const app = {
    student: emptyExport(APP_HEADERS.student[settings.headerStyle]),
    teacher: emptyExport(APP_HEADERS.teacher[settings.headerStyle]),
    staff: emptyExport(APP_HEADERS.staff[settings.headerStyle]),
  };
  const shuffler = new Random(seed ^ 0x5bd1e995);
  for (const kind of ['student', 'teacher', 'staff'] as const) {
    const population = populationOf(options, kind);
    const generator = new PeopleGenerator(settings.people(kind, population), kind);
    const records: AppRecord[] = [];
    for (let i = 0; i < population; i++) {
      const batch = generator.next();
      users.push(...batch.clever);
      records.push(...batch.app);
      for (const [duplicate, original] of batch.cleverAliases) cleverDuplicates.set(duplicate, original);
    }
    // App exports are not in Clever's order; a matcher must not lean on row order.
    for (const record of shuffler.shuffle(records)) addAppRecord(app[kind], record);
  }
  users.push(...generateDistrictAdmins(settings, users));

  const { terms, courses, sections } = generateSections(seed, district.id, users, options);
  return { district, schools, users, sections, terms, courses, app, cleverDuplicates };
}

const DISTRICT_ADMIN_TITLES = [
  'Director of Technology',
  'Data and Assessment Coordinator',
  'Assistant Superintendent',
  'Clever Administrator',
  'IT Manager',
];

/**
 * One or two Clever district admins: the people who may link the district to an organisation through
 * "Log in with Clever". They come last and from their own random stream, so every other record of a seed
 * is the same as before they existed.
 */
function generateDistrictAdmins(settings: ResolvedSettings, people: CleverUser[]): CleverUser[] {
  const random = new Random(settings.seed ^ 0x2f6a3c1d);
  const names = new NamePools();
  const usedEmails = new Set(people.map((person) => person.email));
  const created = new Date(Date.UTC(2024, 6, 1)).toISOString();
  return Array.from({ length: random.chance(0.5) ? 2 : 1 }, (_, n) => {
    const first = names.given(random, random.chance(0.5), true);
    const last = names.surname(random);
    const local = `${emailPart(first)}.${emailPart(last)}`;
    let email = `${local}@${settings.emailDomain}`;
    for (let suffix = 2; usedEmails.has(email); suffix++) email = `${local}${suffix}@${settings.emailDomain}`;
    usedEmails.add(email);
    return {
      id: cleverId(settings.seed, ID_KIND.districtAdmin, n),
      district: settings.district.id,
      email,
      name: { first, last },
      created,
      last_modified: created,
      roles: { district_admin: { title: random.pick(DISTRICT_ADMIN_TITLES) } },
    };
  });
}

const SUBJECTS: [string, string][] = [
  ['Math', 'math'],
  ['English', 'english/language arts'],
  ['Science', 'science'],
  ['Social Studies', 'social studies'],
  ['Art', 'arts and music'],
  ['PE', 'PE and health'],
];

function generateSections(
  seed: number,
  districtId: string,
  users: CleverUser[],
  options: SynthOptions,
): { terms: CleverTerm[]; courses: CleverCourse[]; sections: CleverSection[] } {
  const random = new Random(seed ^ 0x27d4eb2f);
  const year = 2026;
  const terms: CleverTerm[] = [
    ['S1', `${year}-08-15`, `${year}-12-20`],
    ['S2', `${year + 1}-01-06`, `${year + 1}-06-05`],
    ['Y1', `${year}-08-15`, `${year + 1}-06-05`],
  ].map(([name, start_date, end_date], n) => ({
    id: cleverId(seed, ID_KIND.term, n),
    district: districtId,
    name,
    start_date,
    end_date,
  }));
  const courses: CleverCourse[] = SUBJECTS.map(([name], n) => ({
    id: cleverId(seed, ID_KIND.course, n),
    district: districtId,
    name,
    number: String(1000 + n * 10),
  }));
  const studentsBySchool = new Map<string, string[]>();
  for (const user of users) {
    const school = user.roles.student?.school;
    if (!school) continue;
    const list = studentsBySchool.get(school) ?? [];
    list.push(user.id);
    studentsBySchool.set(school, list);
  }
  const sections: CleverSection[] = [];
  const perTeacher = options.sectionsPerTeacher ?? 4;
  for (const user of users) {
    const teacher = user.roles.teacher;
    if (!teacher?.school) continue;
    const pool = studentsBySchool.get(teacher.school) ?? [];
    for (let period = 1; period <= perTeacher; period++) {
      const courseIndex = random.int(SUBJECTS.length);
      const roster = new Set<string>();
      const size = Math.min(pool.length, random.between(15, 30));
      while (roster.size < size) roster.add(random.pick(pool));
      const n = sections.length;
      sections.push({
        id: cleverId(seed, ID_KIND.section, n),
        district: districtId,
        school: teacher.school,
        name: `${SUBJECTS[courseIndex][0]} - ${user.name?.last ?? ''} - ${period}`,
        sis_id: String(5000 + n),
        section_number: String(period),
        period: String(period),
        subject: SUBJECTS[courseIndex][1],
        course: courses[courseIndex].id,
        term_id: terms[2].id,
        teacher: user.id,
        teachers: [user.id],
        students: [...roster],
      });
    }
  }
  return { terms, courses, sections };
}
