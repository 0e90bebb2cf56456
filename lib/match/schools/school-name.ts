// School names and grade spans in forms that export spellings meet. normalizeSchool already folds the
// common abbreviations (Elem/ES, MS, HS, Jr, Sr, St → Saint, Acad); here a name is further split into its
// core ("lincoln") and its level words ("elementary"), because "Lincoln Elementary" and "Lincoln Middle"
// share a core yet are different schools, while "Lincoln" and "Lincoln Elementary" may well be one.

import { normalizeGrade, normalizeSchool } from '../normalize.ts';
import { jaroWinkler } from '../similarity.ts';

// Spellings normalizeSchool leaves apart that still name the same level of school.
const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\bjunior senior high\b/g, 'secondary'],
  [/\bmiddle senior high\b/g, 'secondary'],
  [/\bjunior high\b/g, 'middle'],
  [/\bsenior high\b/g, 'high'],
  [/\bmid\b/g, 'middle'],
  [/\bprim\b/g, 'primary'],
  [/\bintermed\b/g, 'intermediate'],
  [/\bsec\b/g, 'secondary'],
  [/\bprep\b/g, 'preparatory'],
];

// Level words and the levels of schooling they cover: E elementary, M middle, H high. Two names conflict
// when their level words cover no common level ("Elementary" vs "Middle"), never when one has none.
const LEVEL_WORDS = new Map<string, string>([
  ['elementary', 'E'],
  ['primary', 'E'],
  ['intermediate', 'E'],
  ['middle', 'M'],
  ['high', 'H'],
  ['secondary', 'MH'],
]);
// Words that describe rather than name a school; dropped from the core, kept in the full form.
const GENERIC_WORDS = new Set(['academy', 'center', 'campus', 'preparatory']);

export interface SchoolName {
  /** The whole normalised name. */
  full: string;
  /** The name without level and generic words; "" when nothing else is left. */
  core: string;
  coreWords: string[];
  /** Level words present, in name order. */
  levelWords: string[];
  /** Levels covered (letters of E, M, H). */
  levels: string;
}

export function schoolName(raw: string | undefined): SchoolName {
  let full = normalizeSchool(raw);
  for (const [pattern, replacement] of PHRASES) full = full.replace(pattern, replacement);
  const coreWords: string[] = [];
  const levelWords: string[] = [];
  let levels = '';
  for (const word of full.split(' ')) {
    if (!word) continue;
    const level = LEVEL_WORDS.get(word);
    if (level) {
      levelWords.push(word);
      for (const letter of level) if (!levels.includes(letter)) levels += letter;
    } else if (!GENERIC_WORDS.has(word)) coreWords.push(word);
  }
  return { full, core: coreWords.join(' '), coreWords, levelWords, levels };
}

export const NAME_LEVELS = [
  'exact',
  'same name, other words',
  'level word on one side only',
  'same name, other level word',
  'fuzzy',
  'partial',
  'similar',
  'different',
  'different level',
] as const;
export type NameLevel = (typeof NAME_LEVELS)[number] | 'missing';

const FUZZY = 0.92;
const SIMILAR = 0.85;

function levelsConflict(a: SchoolName, b: SchoolName): boolean {
  if (!a.levels || !b.levels) return false;
  for (const letter of a.levels) if (b.levels.includes(letter)) return false;
  return true;
}

const containsAll = (words: string[], inside: string[]): boolean =>
  words.length > 0 && words.every((word) => inside.includes(word));

export function compareSchoolNames(a: SchoolName, b: SchoolName): NameLevel {
  if (!a.full || !b.full) return 'missing';
  if (a.full === b.full) return 'exact';
  if (levelsConflict(a, b)) return 'different level';
  if (!a.core || !b.core) return jaroWinkler(a.full, b.full) >= FUZZY ? 'fuzzy' : 'different';
  if (a.core === b.core) {
    if (!a.levels || !b.levels) return 'level word on one side only';
    return a.levelWords.join(' ') === b.levelWords.join(' ')
      ? 'same name, other words'
      : 'same name, other level word';
  }
  const similarity = jaroWinkler(a.core, b.core);
  if (similarity >= FUZZY) return 'fuzzy';
  if (containsAll(a.coreWords, b.coreWords) || containsAll(b.coreWords, a.coreWords)) return 'partial';
  return similarity >= SIMILAR ? 'similar' : 'different';
}

export interface GradeSpan {
  /** Ordinals as normalizeGrade gives them (kindergarten 0, pre-K -1); NaN when unknown. */
  low: number;
  high: number;
}

const SPAN_SEPARATOR = /\s*(?:-|–|—|\bto\b|\bthrough\b|\bthru\b)\s*/i;

/** Reads "K-5", "PK–8", "Pre-K through 5", "9 to 12", or a single grade ("K") as a span. */
export function parseGradeSpan(raw: string | undefined): GradeSpan {
  const text = (raw ?? '').trim().replace(/\bpre[\s-]?k(?:indergarten)?\b/gi, 'PK');
  if (!text) return { low: Number.NaN, high: Number.NaN };
  const parts = text.split(SPAN_SEPARATOR).filter(Boolean);
  if (parts.length === 1) {
    const grade = normalizeGrade(parts[0]);
    return { low: grade, high: grade };
  }
  if (parts.length !== 2) return { low: Number.NaN, high: Number.NaN };
  return { low: normalizeGrade(parts[0]), high: normalizeGrade(parts[1]) };
}

export type SpanLevel = 'exact' | 'within one grade' | 'overlapping' | 'disjoint' | 'missing';

export function compareGradeSpans(a: GradeSpan, b: GradeSpan): SpanLevel {
  if ([a.low, a.high, b.low, b.high].some(Number.isNaN)) return 'missing';
  if (a.low === b.low && a.high === b.high) return 'exact';
  if (Math.abs(a.low - b.low) <= 1 && Math.abs(a.high - b.high) <= 1) return 'within one grade';
  return a.low <= b.high && b.low <= a.high ? 'overlapping' : 'disjoint';
}
