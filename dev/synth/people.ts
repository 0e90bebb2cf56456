// Generates people one at a time, each as its Clever record(s) and its app row(s) with realistic noise,
// so that the same code feeds the in-memory district (tests, evaluation) and the streaming writer
// (1M-row benchmark files) without holding the roster twice.
import type { CleverUser } from '../../lib/clever/types.ts';
import { capitalise, emailPart, NamePools, nicknames, oneTypo, stripAccents } from './names.ts';
import { Random } from './random.ts';

export type SynthProfile = 'ids-present' | 'ids-absent';
export type SynthPersonKind = 'student' | 'teacher' | 'staff';
export type AppDateStyle = 'MM/DD/YYYY' | 'YYYY-MM-DD' | 'M/D/YYYY';
export type AppHeaderStyle = 'title' | 'snake';

/** Probabilities of each kind of noise and population quirk. Rates are per app row unless noted. */
export interface NoiseRates {
  firstTypo: number;
  lastTypo: number;
  /** Of student first names that have nicknames, the share the app has as a nickname (adults: `adultNickname`). */
  nickname: number;
  adultNickname: number;
  /** Of rows whose name has accents, the share where the app lost them. */
  accentsDropped: number;
  /** Of rows with a hyphenated surname, the share where the app kept one part. */
  hyphenShortened: number;
  /** Of rows with an apostrophe in the surname, the share where the app dropped it. */
  apostropheDropped: number;
  nameUppercase: number;
  middleMissing: number;
  /** Of dates whose day is 12 or less (and not the month), the share with day and month swapped. */
  dobSwapped: number;
  /** Year ±1, day −1 or month +1. */
  dobTypo: number;
  dobMissing: number;
  /** Of rows whose person has a district email, the share where the app has none. */
  emailMissing: number;
  emailUppercase: number;
  gradeOffByOne: number;
  /** Of present ids that start with 0, the share the app stored as a number. */
  leadingZerosLost: number;
  /** Of present ids: an old id nobody on the roster holds. */
  staleId: number;
  /** Of present ids: an id that belongs to another person of this roster (reused or recycled from elsewhere). */
  foreignId: number;
  /** Per teacher or staff member: the surname changed (marriage) and the app still has the old one. */
  surnameChanged: number;
  /** Teachers and staff: the app has the address on the district's old email domain. */
  oldEmailDomain: number;
  /** Share of app rows whose person is not on the Clever roster. */
  appOnly: number;
  /** Share of Clever people with no app row. */
  cleverOnly: number;
  appDuplicate: number;
  cleverDuplicate: number;
  /** Per student: the next student is a twin (same last name, dob and school, other first name). */
  twins: number;
  /** Per person: reuses the first and last name of someone recent, with another dob. */
  namesakes: number;
}

export const DEFAULT_NOISE: NoiseRates = {
  firstTypo: 0.03,
  lastTypo: 0.025,
  nickname: 0.04,
  adultNickname: 0.08,
  accentsDropped: 0.6,
  hyphenShortened: 0.5,
  apostropheDropped: 0.4,
  nameUppercase: 0.01,
  middleMissing: 0.3,
  dobSwapped: 0.015,
  dobTypo: 0.015,
  dobMissing: 0.02,
  emailMissing: 0.1,
  emailUppercase: 0.05,
  gradeOffByOne: 0.06,
  leadingZerosLost: 0.5,
  staleId: 0.02,
  foreignId: 0.004,
  surnameChanged: 0.03,
  oldEmailDomain: 0.08,
  appOnly: 0.07,
  cleverOnly: 0.07,
  appDuplicate: 0.005,
  cleverDuplicate: 0.005,
  twins: 0.012,
  namesakes: 0.01,
};

/** How often each id column is filled in the app export, per profile and kind. */
const ID_PRESENCE: Record<
  SynthProfile,
  Record<SynthPersonKind, { sis: number; number: number; state: number }>
> = {
  'ids-present': {
    student: { sis: 0.95, number: 0.7, state: 0.5 },
    teacher: { sis: 0.9, number: 0.6, state: 0.4 },
    staff: { sis: 0.85, number: 0, state: 0 },
  },
  'ids-absent': {
    student: { sis: 0.06, number: 0.03, state: 0.02 },
    teacher: { sis: 0.05, number: 0.02, state: 0.02 },
    staff: { sis: 0.03, number: 0, state: 0 },
  },
};

export const APP_HEADERS: Record<SynthPersonKind, Record<AppHeaderStyle, string[]>> = {
  student: {
    title: [
      'App ID',
      'First Name',
      'Middle Name',
      'Last Name',
      'Birth Date',
      'SIS ID',
      'Student Number',
      'State ID',
      'Email',
      'Grade',
      'School',
    ],
    snake: [
      'app_id',
      'first_name',
      'middle_name',
      'last_name',
      'birth_date',
      'sis_id',
      'student_number',
      'state_id',
      'email',
      'grade',
      'school',
    ],
  },
  teacher: {
    title: [
      'App ID',
      'First Name',
      'Last Name',
      'Email',
      'SIS ID',
      'Teacher Number',
      'State ID',
      'School',
      'Title',
    ],
    snake: [
      'app_id',
      'first_name',
      'last_name',
      'email',
      'sis_id',
      'teacher_number',
      'state_id',
      'school',
      'title',
    ],
  },
  staff: {
    title: ['App ID', 'First Name', 'Last Name', 'Email', 'Staff ID', 'Title', 'Department'],
    snake: ['app_id', 'first_name', 'last_name', 'email', 'staff_id', 'title', 'department'],
  },
};

export interface SchoolPlan {
  id: string;
  name: string;
  /** How the app spells the school ("Maple Elem", "MAPLE ELEMENTARY SCHOOL"). */
  appName: string;
  lowGrade: number;
  highGrade: number;
}

export interface PeopleSettings {
  seed: number;
  districtId: string;
  emailDomain: string;
  oldEmailDomain: string;
  profile: SynthProfile;
  schools: SchoolPlan[];
  noise: NoiseRates;
  dateStyle: AppDateStyle;
  /** How many Clever people of this kind will be drawn; sizes the id spaces. */
  population: number;
  /** District emails already given out (shared by all kinds: an email is one person's login). */
  usedEmails: Set<string>;
  /** Clever id for the n-th record of this kind. */
  cleverId: (n: number) => string;
}

/** One app row and what it really is. */
export interface AppRecord {
  appId: string;
  cells: string[];
  /** The Clever id of this person, or null when only the app has them. */
  cleverId: string | null;
  /** For a duplicate row: the app id of the row it duplicates. */
  duplicateOf?: string;
  /** Tags of the noise applied to this row ("first-typo", "dob-swapped", ...). */
  noise: string[];
}

export interface GeneratedPeople {
  clever: CleverUser[];
  app: AppRecord[];
  /** [duplicate Clever id, original Clever id] for a person Clever holds twice. */
  cleverAliases: [string, string][];
}

interface DateParts {
  year: number;
  month: number;
  day: number;
}

interface Person {
  gender: 'M' | 'F' | 'X';
  first: string;
  middle: string;
  last: string;
  /** Teachers and staff: the surname before a marriage, which the app still has. */
  formerLast?: string;
  /** The email the app has when the surname changed: the district kept it, or renamed the account. */
  formerEmail?: string;
  dob: DateParts;
  grade: number;
  school: SchoolPlan;
  email: string;
  sisId: string;
  number: string;
  stateId: string;
  username: string;
  title: string;
  department: string;
}

const SCHOOL_YEAR_START = 2026;
const RECENT_PEOPLE = 256;
const TEACHER_TITLES = [
  'Teacher',
  'Math Teacher',
  'English Teacher',
  'Science Teacher',
  'Special Education Teacher',
];
const STAFF_ROLES: [string, string][] = [
  ['Counselor', 'Student Services'],
  ['Principal', 'Administration'],
  ['Assistant Principal', 'Administration'],
  ['Librarian', 'Library'],
  ['Nurse', 'Health Services'],
  ['Technology Coordinator', 'Technology'],
  ['Secretary', 'Front Office'],
];

export function gradeName(grade: number): string {
  return grade === 0 ? 'Kindergarten' : String(grade);
}

export function cleverDob(date: DateParts): string {
  return `${date.month}/${date.day}/${date.year}`;
}

function formatAppDate(date: DateParts, style: AppDateStyle): string {
  const mm = String(date.month).padStart(2, '0');
  const dd = String(date.day).padStart(2, '0');
  if (style === 'YYYY-MM-DD') return `${date.year}-${mm}-${dd}`;
  if (style === 'M/D/YYYY') return cleverDob(date);
  return `${mm}/${dd}/${date.year}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A permutation of [0, 10^width) from a serial number: unique ids that do not sort like creation order
 * and start with 0 about a tenth of the time, as real SIS ids do. `multiplier` must be coprime with 10.
 */
function permutedId(serial: number, width: number, multiplier: number, offset: number): string {
  const space = 10 ** width;
  return String((serial * multiplier + (offset % space)) % space).padStart(width, '0');
}

export class PeopleGenerator {
  private readonly random: Random;
  private readonly names: NamePools;
  private readonly recent: Person[] = [];
  private previous: Person | undefined;
  private cleverCount = 0;
  private appCount = 0;
  private idSerial = 0;
  private readonly idWidth: number;
  /** Shifts every id space so that a district's first records do not all start with zeros. */
  private readonly idOffset: number;
  private readonly numberEqualsSis: boolean;
  private readonly emailStyle: number;
  private readonly schoolsByGrade = new Map<number, SchoolPlan[]>();
  private readonly usedEmails: Set<string>;

  constructor(
    private readonly settings: PeopleSettings,
    private readonly kind: SynthPersonKind,
  ) {
    const kindOffset = kind === 'student' ? 1 : kind === 'teacher' ? 2 : 3;
    this.random = new Random(settings.seed * 7 + kindOffset);
    this.names = new NamePools();
    // Room for three times the population so stale ids can be drawn from serials nobody holds.
    this.idWidth = Math.max(kind === 'student' ? 6 : 5, String(settings.population * 3).length);
    this.usedEmails = settings.usedEmails;
    this.idOffset = this.random.int(1_000_000_000);
    this.numberEqualsSis = this.random.chance(0.4);
    this.emailStyle = this.random.int(2);
    for (const school of settings.schools) {
      for (let grade = school.lowGrade; grade <= school.highGrade; grade++) {
        const list = this.schoolsByGrade.get(grade) ?? [];
        list.push(school);
        this.schoolsByGrade.set(grade, list);
      }
    }
  }

  /** The next Clever person of this kind with their app rows, plus any app-only person drawn alongside. */
  next(): GeneratedPeople {
    const { noise } = this.settings;
    const out: GeneratedPeople = { clever: [], app: [], cleverAliases: [] };
    const tags: string[] = [];
    const person = this.drawPerson(tags);
    const cleverUser = this.toClever(person);
    out.clever.push(cleverUser);

    if (this.random.chance(noise.cleverDuplicate)) {
      // Re-enrolment under a new SIS id gives the same person a second Clever id.
      // The new record keeps the state id (the state's person id) but not the email, which is taken.
      const again: Person = { ...person, sisId: this.freshId(0), number: this.freshId(1), email: '' };
      const duplicate = this.toClever(again);
      out.clever.push(duplicate);
      out.cleverAliases.push([duplicate.id, cleverUser.id]);
      tags.push('clever-duplicate');
    }

    if (!this.random.chance(noise.cleverOnly)) {
      const row = this.appRecord(person, cleverUser.id, [...tags]);
      out.app.push(row);
      if (this.random.chance(noise.appDuplicate)) {
        const again = this.appRecord(person, cleverUser.id, [...tags, 'app-duplicate']);
        again.duplicateOf = row.appId;
        out.app.push(again);
      }
    }

    // Keeps app-only people at `appOnly` of all app rows on average.
    const appOnlyPerPerson = (noise.appOnly * (1 - noise.cleverOnly)) / (1 - noise.appOnly);
    if (this.random.chance(appOnlyPerPerson)) {
      const appOnlyTags = ['app-only'];
      const stranger = this.newPerson();
      const namesake = this.random.chance(0.3) ? this.random.pick(this.recent) : undefined;
      if (namesake) {
        stranger.first = namesake.first;
        stranger.last = namesake.last;
        appOnlyTags.push('namesake');
      }
      out.app.push(this.appRecord(stranger, null, appOnlyTags));
    }

    this.remember(person);
    return out;
  }

  private remember(person: Person): void {
    this.previous = person;
    if (this.recent.length < RECENT_PEOPLE) this.recent.push(person);
    else this.recent[this.random.int(RECENT_PEOPLE)] = person;
  }

  private drawPerson(tags: string[]): Person {
    const { noise } = this.settings;
    const previous = this.previous;
    if (this.kind === 'student' && previous && this.random.chance(noise.twins)) {
      const twin = this.newPerson();
      twin.last = previous.last;
      twin.dob = previous.dob;
      twin.grade = previous.grade;
      twin.school = previous.school;
      while (twin.first === previous.first) twin.first = this.firstName(twin.gender);
      twin.email = this.email(twin);
      tags.push('twin');
      return twin;
    }
    const person = this.newPerson();
    if (this.recent.length > 0 && this.random.chance(noise.namesakes)) {
      const other = this.random.pick(this.recent);
      person.first = other.first;
      person.last = other.last;
      person.email = this.email(person);
      tags.push('namesake');
    }
    return person;
  }

  private firstName(gender: Person['gender']): string {
    const female = gender === 'F' || (gender === 'X' && this.random.chance(0.5));
    return this.names.given(this.random, female, this.kind !== 'student');
  }

  private surname(): string {
    const random = this.random;
    if (random.chance(0.04)) {
      let second = this.names.surname(random);
      const first = this.names.surname(random);
      while (second === first) second = this.names.surname(random);
      return `${first}-${second}`;
    }
    return this.names.surname(random);
  }

  private newPerson(): Person {
    const random = this.random;
    const roll = random.next();
    const gender: Person['gender'] = roll < 0.49 ? 'M' : roll < 0.98 ? 'F' : 'X';
    const grade = this.kind === 'student' ? random.between(0, 12) : 0;
    const dob = this.kind === 'student' ? this.studentDob(grade) : this.adultDob();
    const schools = this.schoolsByGrade.get(grade) ?? this.settings.schools;
    const school = this.kind === 'student' ? random.pick(schools) : random.pick(this.settings.schools);
    const [staffTitle, department] = random.pick(STAFF_ROLES);
    const person: Person = {
      gender,
      first: this.firstName(gender),
      middle: random.chance(0.6) ? this.firstName(gender) : '',
      last: this.surname(),
      dob,
      grade,
      school,
      email: '',
      sisId: this.freshId(0),
      number: '',
      stateId: '',
      username: '',
      title: this.kind === 'teacher' ? random.pick(TEACHER_TITLES) : this.kind === 'staff' ? staffTitle : '',
      department: this.kind === 'staff' ? department : '',
    };
    const serial = this.idSerial - 1;
    person.number = this.kind === 'student' && this.numberEqualsSis ? person.sisId : this.numberFor(serial);
    person.stateId = permutedId(
      serial,
      this.kind === 'student' ? 10 : 8,
      2654435761,
      this.idOffset * 7 + 3_141_592_653,
    );
    if (person.middle === person.first) person.middle = '';
    if (this.kind !== 'student' && random.chance(this.settings.noise.surnameChanged)) {
      let former = this.names.surname(random);
      while (former === person.last) former = this.names.surname(random);
      person.formerLast = former;
      person.formerEmail = this.email({ ...person, last: former });
      // Most districts keep the login when a name changes; some rename the account to the new surname.
      person.email = random.chance(0.7) ? person.formerEmail : this.email(person);
    } else {
      person.email = this.email(person);
    }
    person.username = `${emailPart(person.first).slice(0, 1)}${emailPart(person.last)}${random.digits(2)}`;
    return person;
  }

  /** A never-used id: the serial is beyond the population, so it collides with nobody. */
  private freshId(which: 0 | 1): string {
    const serial = this.idSerial++;
    return which === 0 ? permutedId(serial, this.idWidth, 7919, this.idOffset) : this.numberFor(serial);
  }

  private numberFor(serial: number): string {
    const width = this.idWidth;
    return String(10 ** width + Number(permutedId(serial, width, 104729, this.idOffset * 3 + 17)));
  }

  private staleId(width: number): string {
    const serial = this.settings.population * 2 + this.random.int(this.settings.population + 1000);
    return permutedId(serial, width, 7919, this.idOffset);
  }

  private studentDob(grade: number): DateParts {
    // Kindergarteners turn 5 by September 1st of the school year; a few students were held back a year.
    const heldBack = this.random.chance(0.03) ? 1 : 0;
    const start = Date.UTC(SCHOOL_YEAR_START - 6 - grade - heldBack, 8, 2);
    const date = new Date(start + this.random.int(365) * 86_400_000);
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  }

  private adultDob(): DateParts {
    const year = SCHOOL_YEAR_START - this.random.between(23, 64);
    const month = this.random.between(1, 12);
    return { year, month, day: this.random.between(1, daysInMonth(year, month)) };
  }

  private email(person: Person): string {
    const first = emailPart(person.first);
    const last = emailPart(person.last);
    // Young students often have no district email at all.
    if (this.kind === 'student' && person.grade < 3 && this.random.chance(0.4)) return '';
    const local =
      this.kind === 'student'
        ? `${first}.${last}${this.random.digits(2)}`
        : this.emailStyle === 0
          ? `${first}.${last}`
          : `${first.slice(0, 1)}${last}`;
    // A district email is a login, so it is unique: the second Michael Taylor gets michael.taylor2.
    let email = `${local}@${this.settings.emailDomain}`;
    for (let n = 2; this.usedEmails.has(email); n++) email = `${local}${n}@${this.settings.emailDomain}`;
    this.usedEmails.add(email);
    return email;
  }

  private toClever(person: Person): CleverUser {
    const n = this.cleverCount++;
    const id = this.settings.cleverId(n);
    const created = new Date(Date.UTC(2024, 7, 1) + n * 1000).toISOString();
    const common = {
      id,
      district: this.settings.districtId,
      email: person.email || null,
      name: { first: person.first, middle: person.middle, last: person.last },
      created,
      last_modified: created,
    };
    const credentials = { district_username: person.username };
    if (this.kind === 'student') {
      return {
        ...common,
        roles: {
          student: {
            sis_id: person.sisId,
            student_number: person.number,
            state_id: person.stateId,
            dob: cleverDob(person.dob),
            grade: gradeName(person.grade),
            gender: person.gender,
            ...(person.email ? { email: person.email } : {}),
            school: person.school.id,
            schools: [person.school.id],
            graduation_year: String(SCHOOL_YEAR_START + 13 - person.grade),
            credentials,
          },
        },
      };
    }
    if (this.kind === 'teacher') {
      return {
        ...common,
        roles: {
          teacher: {
            sis_id: person.sisId,
            teacher_number: person.number,
            state_id: person.stateId,
            title: person.title,
            school: person.school.id,
            schools: [person.school.id],
            credentials,
          },
        },
      };
    }
    return {
      ...common,
      roles: {
        staff: {
          staff_id: person.sisId,
          title: person.title,
          department: person.department,
          schools: [person.school.id],
          credentials,
        },
      },
    };
  }

  private nextAppId(): string {
    const n = this.appCount++;
    const prefix = this.kind === 'student' ? '' : this.kind === 'teacher' ? 'T' : 'S';
    return `${prefix}${permutedId(n, 8, 48271, 10_000_000 + this.settings.seed)}`.replace(/^0+(?=\d)/, '');
  }

  private appRecord(person: Person, cleverId: string | null, tags: string[]): AppRecord {
    const { noise } = this.settings;
    const random = this.random;
    const adult = this.kind !== 'student';

    let first = person.first;
    let last = person.last;
    const nicknameOptions = nicknames().get(stripAccents(first).toLowerCase());
    if (nicknameOptions && random.chance(adult ? noise.adultNickname : noise.nickname)) {
      first = capitalise(random.pick(nicknameOptions));
      tags.push('first-nickname');
    } else if (random.chance(noise.firstTypo)) {
      first = oneTypo(random, first);
      tags.push('first-typo');
    }
    if (person.formerLast) {
      last = person.formerLast;
      tags.push('surname-changed');
    } else if (last.includes('-') && random.chance(noise.hyphenShortened)) {
      last = random.pick(last.split('-'));
      tags.push('hyphen-shortened');
    }
    if (random.chance(noise.lastTypo)) {
      last = oneTypo(random, last);
      tags.push('last-typo');
    }
    if (last.includes("'") && random.chance(noise.apostropheDropped)) {
      last = last.replace(/'/g, '');
      tags.push('apostrophe-dropped');
    }
    if (stripAccents(first + last) !== first + last && random.chance(noise.accentsDropped)) {
      first = stripAccents(first);
      last = stripAccents(last);
      tags.push('accents-dropped');
    }
    let middle = random.chance(noise.middleMissing) ? '' : person.middle;
    if (middle && random.chance(0.3)) middle = middle.charAt(0);
    if (random.chance(noise.nameUppercase)) {
      first = first.toUpperCase();
      middle = middle.toUpperCase();
      last = last.toUpperCase();
      tags.push('name-uppercase');
    }

    const presence = ID_PRESENCE[this.settings.profile][this.kind];
    const sisId = this.appId(person.sisId, presence.sis, 'sis', tags);
    const number = this.appId(person.number, presence.number, 'number', tags);
    const stateId = this.appId(person.stateId, presence.state, 'state', tags);
    const email = this.appEmail(person, tags);

    const appId = this.nextAppId();
    let cells: string[];
    if (this.kind === 'student') {
      cells = [
        appId,
        first,
        middle,
        last,
        this.appDob(person.dob, tags),
        sisId,
        number,
        stateId,
        email,
        this.appGrade(person.grade, tags),
        person.school.appName,
      ];
    } else if (this.kind === 'teacher') {
      cells = [appId, first, last, email, sisId, number, stateId, person.school.appName, person.title];
    } else {
      cells = [appId, first, last, email, sisId, person.title, person.department];
    }
    return { appId, cells, cleverId, noise: tags };
  }

  private appId(real: string, presence: number, name: string, tags: string[]): string {
    const { noise } = this.settings;
    const random = this.random;
    if (!random.chance(presence)) return '';
    if (random.chance(noise.staleId)) {
      tags.push(`${name}-stale`);
      return this.staleId(real.length);
    }
    if (this.recent.length > 0 && random.chance(noise.foreignId)) {
      const other = random.pick(this.recent);
      const foreign = name === 'sis' ? other.sisId : name === 'number' ? other.number : other.stateId;
      if (foreign !== real) {
        tags.push(`${name}-foreign`);
        return foreign;
      }
    }
    if (real.startsWith('0') && random.chance(noise.leadingZerosLost)) {
      tags.push(`${name}-leading-zeros-lost`);
      return real.replace(/^0+(?=\d)/, '');
    }
    return real;
  }

  private appEmail(person: Person, tags: string[]): string {
    const { noise } = this.settings;
    const random = this.random;
    if (!person.email || random.chance(noise.emailMissing)) {
      if (person.email) tags.push('email-missing');
      return '';
    }
    let email = person.email;
    if (person.formerEmail && person.formerEmail !== person.email) {
      email = person.formerEmail;
      tags.push('email-old-surname');
    }
    if (this.kind !== 'student' && random.chance(noise.oldEmailDomain)) {
      email = email.replace(/@.*$/, `@${this.settings.oldEmailDomain}`);
      tags.push('old-email-domain');
    }
    if (random.chance(noise.emailUppercase)) {
      email = email.toUpperCase();
      tags.push('email-uppercase');
    }
    return email;
  }

  private appDob(dob: DateParts, tags: string[]): string {
    const { noise } = this.settings;
    const random = this.random;
    if (random.chance(noise.dobMissing)) {
      tags.push('dob-missing');
      return '';
    }
    if (dob.day <= 12 && dob.day !== dob.month && random.chance(noise.dobSwapped)) {
      tags.push('dob-swapped');
      return formatAppDate({ year: dob.year, month: dob.day, day: dob.month }, this.settings.dateStyle);
    }
    if (random.chance(noise.dobTypo)) {
      tags.push('dob-typo');
      const changed = { ...dob };
      const which = random.int(3);
      if (which === 0) changed.year += random.chance(0.5) ? 1 : -1;
      else if (which === 1) changed.day = changed.day === 1 ? 2 : changed.day - 1;
      else changed.month = changed.month === 12 ? 11 : changed.month + 1;
      changed.day = Math.min(changed.day, daysInMonth(changed.year, changed.month));
      return formatAppDate(changed, this.settings.dateStyle);
    }
    return formatAppDate(dob, this.settings.dateStyle);
  }

  private appGrade(grade: number, tags: string[]): string {
    let shown = grade;
    if (this.random.chance(this.settings.noise.gradeOffByOne)) {
      // Exports taken before promotion day show last year's grade.
      shown = grade === 0 ? 1 : grade - 1;
      tags.push('grade-off-by-one');
    }
    return shown === 0 ? 'K' : String(shown);
  }
}
