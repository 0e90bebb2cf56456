// Section matching. Clever advises against matching sections at all, because existing data rarely carries a
// section identifier both sides share; what they do share, once schools, teachers and students have been
// matched, is *who*: the section's school, its teacher and its students. So the app side is first translated
// into Clever ids through earlier match results, and the strongest evidence is the overlap of translated
// students (it survives a teacher change) and the translated teacher (it survives a roster change). Names,
// periods, subjects, course and section numbers separate one teacher's sections from each other. A pair with
// neither a shared teacher nor a shared roster (≥ 3 students, at least half of the shorter list) is never an
// automatic match, however alike the names look: that is how a section without any translation ends up as a
// suggestion for a reviewer.

import { normalizeGrade, normalizeId, normalizeText } from '../normalize.ts';
import type { RecordMatchOptions } from '../records/matcher.ts';
import {
  forEachPairSharingKey,
  matchRecords,
  type PairVerdict,
  type RecordComparer,
  weightOf,
} from '../records/matcher.ts';
import { schoolName } from '../schools/school-name.ts';
import { jaroWinkler } from '../similarity.ts';
import type { MatchResult } from '../types.ts';
import { subjectCategory } from './subject.ts';

/** One section, from either side, as raw strings; "" and undefined both mean missing. */
export interface SectionFields {
  name?: string;
  sisId?: string;
  sectionNumber?: string;
  period?: string;
  courseName?: string;
  courseNumber?: string;
  subject?: string;
  grade?: string;
  term?: string;
  /** Clever side: a Clever school id. App side: an app school id or a school name. */
  school?: string;
  /** Clever side: Clever teacher ids, primary first. App side: app teacher ids or emails, primary first. */
  teachers?: string[];
  /** Clever side: Clever student ids. App side: app student ids. */
  students?: string[];
}

/**
 * Translation tables from earlier match results (app key → Clever id). Keys are compared trimmed and
 * case-folded, so a teacher table may be keyed by app teacher id or by email.
 */
export interface SectionMatchContext {
  schools?: ReadonlyMap<string, string>;
  teachers?: ReadonlyMap<string, string>;
  students?: ReadonlyMap<string, string>;
  /** Clever school id → name (clever-people.ts `schoolNameIndex`), for app sections that name their school. */
  cleverSchoolNames?: ReadonlyMap<string, string>;
}

const foldKey = (key: string): string => key.trim().toLowerCase();

/** app id → Clever id for the `match` rows of an earlier result (suggestions and non-matches are left out). */
export function translationFromResult(
  rows: Iterable<{ appId: string; cleverId: string; result: string }>,
): Map<string, string> {
  const translation = new Map<string, string>();
  for (const row of rows) {
    if (row.result === 'match' && row.appId.trim() && row.cleverId.trim())
      translation.set(foldKey(row.appId), row.cleverId.trim());
  }
  return translation;
}

/** Log2 likelihood ratios per field and level; `base` makes their sum a posterior log-odds. */
export const SECTION_WEIGHTS = {
  base: { prior: -3 },
  school: { same: 2, different: -10 },
  teacher: { 'primary same': 7, shared: 6, different: -3 },
  students: { 'most shared': 14, 'half shared': 8, 'few shared': 0, 'none shared': -6 },
  sis_id: { same: 8, different: -2 },
  section_number: { same: 4, different: -2 },
  period: { same: 3, different: -5 },
  name: { exact: 4, fuzzy: 2, different: -1 },
  course: {
    'number same': 3,
    'number different': -3,
    'name same': 2,
    'name in section name': 2,
    'name fuzzy': 1,
    'name different': -1,
  },
  subject: { same: 2, different: -5 },
  grade: { same: 1, different: -1 },
  term: { same: 1, different: -2 },
} as const;

/**
 * A roster is shared when at least this many students, and at least half of the shorter (translated) list,
 * are in both: students of one grade meet in many sections, so a handful in common proves nothing, and the
 * share is taken of the shorter list because app students missing from the student result cannot overlap.
 */
const STRONG_OVERLAP = 3;
const HALF_SHARED = 0.5;
const MOST_SHARED = 0.8;
/** Students per app section used as blocking keys: a shared roster shares at least one of them. */
const STUDENT_KEYS = 8;
const FUZZY = 0.9;
const MAX_KEY_BLOCK = 200;

export interface PreparedSection {
  /** Clever school id, or "" when unknown or untranslated. */
  school: string;
  /** Clever teacher ids, primary first (untranslatable app teachers are dropped). */
  teachers: string[];
  /** Clever student ids (untranslatable app students are dropped). */
  students: string[];
  studentSet: ReadonlySet<string>;
  name: string;
  nameWords: string[];
  sisId: string;
  sectionNumber: string;
  period: string;
  courseName: string;
  courseNumber: string;
  /** Clever subject category, from the subject, else the course name, else the section name. */
  subject: string;
  grade: number;
  term: string;
}

const PERIOD_WORD = /^(?:period|per|pd|hour|hr|block|blk)\s*/;

/** "Period 2", "P2", "2nd", "02" and "2" are one period; "A" block stays "a". */
export function normalizePeriod(raw: string | undefined): string {
  return normalizeText(raw)
    .replace(PERIOD_WORD, '')
    .replace(/^p(?=\d)/, '')
    .replace(/^0+(?=\d)/, '')
    .replace(/^(\d+)(?:st|nd|rd|th)$/, '$1');
}

const unique = (values: string[]): string[] => [...new Set(values)];

function prepare(
  fields: SectionFields,
  translate: (kind: 'teachers' | 'students', key: string) => string,
): PreparedSection {
  const teachers = unique((fields.teachers ?? []).map((key) => translate('teachers', key)).filter(Boolean));
  const students = unique((fields.students ?? []).map((key) => translate('students', key)).filter(Boolean));
  const name = normalizeText(fields.name);
  return {
    school: '',
    teachers,
    students,
    studentSet: new Set(students),
    name,
    nameWords: name ? name.split(' ') : [],
    sisId: normalizeId(fields.sisId).value,
    sectionNumber: normalizeId(fields.sectionNumber).value,
    period: normalizePeriod(fields.period),
    courseName: normalizeText(fields.courseName),
    courseNumber: normalizeId(fields.courseNumber).value,
    subject:
      subjectCategory(fields.subject) || subjectCategory(fields.courseName) || subjectCategory(fields.name),
    grade: normalizeGrade(fields.grade),
    term: normalizeText(fields.term),
  };
}

function cleverSection(fields: SectionFields): PreparedSection {
  const section = prepare(fields, (_kind, id) => id.trim());
  section.school = fields.school?.trim() ?? '';
  return section;
}

function appSectionPreparer(context: SectionMatchContext): (fields: SectionFields) => PreparedSection {
  const fold = (table: ReadonlyMap<string, string> | undefined) =>
    new Map([...(table ?? [])].map(([key, id]) => [foldKey(key), id]));
  const tables = { teachers: fold(context.teachers), students: fold(context.students) };
  const schools = fold(context.schools);
  // School names that occur once in Clever can place an app section whose school column holds a name.
  const schoolByName = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const [id, name] of context.cleverSchoolNames ?? []) {
    const key = schoolName(name).full;
    if (schoolByName.has(key)) ambiguous.add(key);
    schoolByName.set(key, id);
  }
  for (const key of ambiguous) schoolByName.delete(key);
  const translate = (kind: 'teachers' | 'students', key: string) => tables[kind].get(foldKey(key)) ?? '';
  return (fields) => {
    const section = prepare(fields, translate);
    const school = fields.school ?? '';
    section.school = school.trim()
      ? (schools.get(foldKey(school)) ?? schoolByName.get(schoolName(school).full) ?? '')
      : '';
    return section;
  };
}

type Agreement = 'same' | 'different' | 'missing';
const agreement = (a: string, b: string): Agreement =>
  !a || !b ? 'missing' : a === b ? 'same' : 'different';

interface SectionComparison {
  school: Agreement;
  teacher: keyof typeof SECTION_WEIGHTS.teacher | 'missing';
  students: keyof typeof SECTION_WEIGHTS.students | 'missing';
  sisId: Agreement;
  sectionNumber: Agreement;
  period: Agreement;
  name: keyof typeof SECTION_WEIGHTS.name | 'missing';
  course: keyof typeof SECTION_WEIGHTS.course | 'missing';
  subject: Agreement;
  grade: Agreement;
  term: Agreement;
}

function compareTeachers(a: PreparedSection, b: PreparedSection): SectionComparison['teacher'] {
  if (!a.teachers.length || !b.teachers.length) return 'missing';
  if (a.teachers[0] === b.teachers[0]) return 'primary same';
  return a.teachers.some((id) => b.teachers.includes(id)) ? 'shared' : 'different';
}

function compareStudents(a: PreparedSection, b: PreparedSection): SectionComparison['students'] {
  if (!a.students.length || !b.students.length) return 'missing';
  const [small, large] = a.students.length <= b.students.length ? [a, b] : [b, a];
  let shared = 0;
  for (const id of small.students) if (large.studentSet.has(id)) shared++;
  const share = shared / small.students.length;
  if (shared >= STRONG_OVERLAP && share >= MOST_SHARED) return 'most shared';
  if (shared >= STRONG_OVERLAP && share >= HALF_SHARED) return 'half shared';
  if (shared > 0) return share < HALF_SHARED ? 'few shared' : 'missing';
  // Two short lists not overlapping says little; two real rosters with nobody in common says a lot.
  return a.students.length >= STRONG_OVERLAP && b.students.length >= STRONG_OVERLAP
    ? 'none shared'
    : 'missing';
}

function compareNames(a: PreparedSection, b: PreparedSection): SectionComparison['name'] {
  if (!a.name || !b.name) return 'missing';
  if (a.name === b.name) return 'exact';
  return jaroWinkler(a.name, b.name) >= FUZZY ? 'fuzzy' : 'different';
}

const containsWords = (words: string[], inside: string[]): boolean =>
  words.length > 0 && words.every((word) => inside.includes(word));

function compareCourses(a: PreparedSection, b: PreparedSection): SectionComparison['course'] {
  if (a.courseNumber && b.courseNumber)
    return a.courseNumber === b.courseNumber ? 'number same' : 'number different';
  if (a.courseName && b.courseName) {
    if (a.courseName === b.courseName) return 'name same';
    return jaroWinkler(a.courseName, b.courseName) >= FUZZY ? 'name fuzzy' : 'name different';
  }
  // Clever often builds a section's name from its course name, teacher and period.
  const courseWords = (a.courseName || b.courseName).split(' ').filter(Boolean);
  const otherName = a.courseName ? b.nameWords : a.nameWords;
  return containsWords(courseWords, otherName) ? 'name in section name' : 'missing';
}

function compareSections(a: PreparedSection, b: PreparedSection): SectionComparison {
  const students = compareStudents(a, b);
  return {
    school: agreement(a.school, b.school),
    teacher: compareTeachers(a, b),
    students,
    sisId: agreement(a.sisId, b.sisId),
    sectionNumber: agreement(a.sectionNumber, b.sectionNumber),
    period: agreement(a.period, b.period),
    name: compareNames(a, b),
    course: compareCourses(a, b),
    subject: agreement(a.subject, b.subject),
    grade:
      Number.isNaN(a.grade) || Number.isNaN(b.grade) ? 'missing' : a.grade === b.grade ? 'same' : 'different',
    term: agreement(a.term, b.term),
  };
}

const W = SECTION_WEIGHTS;

function verdict(c: SectionComparison): PairVerdict {
  const bits =
    W.base.prior +
    weightOf(W.school, c.school) +
    weightOf(W.teacher, c.teacher) +
    weightOf(W.students, c.students) +
    weightOf(W.sis_id, c.sisId) +
    weightOf(W.section_number, c.sectionNumber) +
    weightOf(W.period, c.period) +
    weightOf(W.name, c.name) +
    weightOf(W.course, c.course) +
    weightOf(W.subject, c.subject) +
    weightOf(W.grade, c.grade) +
    weightOf(W.term, c.term);
  const linked =
    c.teacher === 'primary same' ||
    c.teacher === 'shared' ||
    c.students === 'most shared' ||
    c.students === 'half shared';
  const distinct =
    c.period === 'different' ||
    c.subject === 'different' ||
    c.course === 'number different' ||
    c.sisId === 'different' ||
    c.sectionNumber === 'different' ||
    c.term === 'different' ||
    c.name === 'different' ||
    c.students === 'few shared' ||
    c.students === 'none shared';
  return { bits, matchable: linked && c.school !== 'different', distinct };
}

function describe(c: SectionComparison): string {
  const reasons: string[] = [];
  const say = (field: string, level: string) => {
    if (level !== 'missing') reasons.push(`${field} ${level}`);
  };
  say('school', c.school);
  say('teacher', c.teacher);
  say('students', c.students);
  say('sis_id', c.sisId);
  say('section_number', c.sectionNumber);
  say('period', c.period);
  say('name', c.name);
  say('course', c.course);
  say('subject', c.subject);
  say('grade', c.grade);
  say('term', c.term);
  return reasons.join('; ');
}

// Keys carry a one-letter kind: t teacher, u student, s school, i sis id, n name, c course number.
const teacherKeys = (section: PreparedSection): string[] => section.teachers.map((id) => `t${id}`);
const studentKeys = (students: string[]): string[] => students.map((id) => `u${id}`);
// The probing side needs only a few of its students; the indexed side is indexed under all of them.
const linkKeys = (section: PreparedSection): string[] => [
  ...teacherKeys(section),
  ...studentKeys(section.students.slice(0, STUDENT_KEYS)),
];
const allLinkKeys = (section: PreparedSection): string[] => [
  ...teacherKeys(section),
  ...studentKeys(section.students),
];

function ownKeys(section: PreparedSection): string[] {
  const keys: string[] = [];
  if (section.sisId) keys.push(`i${section.sisId}`);
  if (section.name) keys.push(`n${section.name}`);
  if (section.courseNumber) keys.push(`c${section.courseNumber}`);
  return keys;
}

// An app section meets Clever sections through its translated teacher and students; without a teacher,
// through its translated school; with neither, only through its own ids, name and course.
function appKeys(section: PreparedSection): string[] {
  const keys = linkKeys(section);
  if (section.teachers.length) return keys;
  if (section.school) return [...keys, `s${section.school}`];
  return [...keys, ...ownKeys(section)];
}

const cleverKeys = (section: PreparedSection): string[] => [
  ...allLinkKeys(section),
  ...(section.school ? [`s${section.school}`] : []),
  ...ownKeys(section),
];

// A student or a name shared by hundreds of sections (homeroom, "Study Hall") separates nothing.
const maxBlock = (key: string): number => (key[0] === 't' || key[0] === 's' ? Infinity : MAX_KEY_BLOCK);

const sectionComparer: RecordComparer<PreparedSection> = {
  compare: (a, b) => verdict(compareSections(a, b)),
  describe: (a, b) => describe(compareSections(a, b)),
  // Same-side pairs can only be duplicates when they share a teacher or students (see `verdict`), so the
  // link keys find all of them.
  forEachCandidate(left, right, sameSide, visit) {
    const keys = sameSide ? { left: linkKeys, right: allLinkKeys } : { left: appKeys, right: cleverKeys };
    forEachPairSharingKey(left, right, sameSide, keys, maxBlock, visit);
  },
};

/**
 * Matches the app's sections to Clever's, one-to-one, into the five Matchmaker outcomes, using earlier
 * school/teacher/student results in `context`. Indices in the result refer to the input arrays.
 */
export function matchSections(
  app: readonly SectionFields[],
  clever: readonly SectionFields[],
  context: SectionMatchContext,
  options: RecordMatchOptions = {},
): MatchResult {
  return matchRecords(
    app.map(appSectionPreparer(context)),
    clever.map(cleverSection),
    sectionComparer,
    SECTION_WEIGHTS,
    options,
  );
}
