// Multi-level comparison of one record pair, field by field. The levels of all fields are packed
// into one integer (3 bits per field), the "comparison pattern" the Fellegi-Sunter model scores.
// Level 0 always means "missing on at least one side" and carries no evidence.

import { shareGroup } from './nicknames.ts';
import { decodeId, ID_FIELDS, type Lexicons, MISSING_GRADE, type PreparedPeople } from './prepare.ts';
import { editDistanceWithin, jaroWinkler } from './similarity.ts';

export interface FieldSpec {
  name: string;
  /** Labels of levels 1..n (level 0 is missing). */
  levels: readonly string[];
}

export const FIELDS: readonly FieldSpec[] = [
  {
    name: 'first',
    levels: ['exact', 'nickname', 'fuzzy', 'initial only', 'swapped with last', 'similar', 'mismatch'],
  },
  { name: 'last', levels: ['exact', 'compound part', 'fuzzy', 'swapped with first', 'similar', 'mismatch'] },
  { name: 'middle', levels: ['exact', 'initial', 'mismatch'] },
  {
    name: 'dob',
    levels: ['exact', 'day/month swapped', 'one part differs', 'same year only', 'mismatch'],
  },
  { name: 'id', levels: ['exact', 'zeros stripped', 'typo', 'mismatch'] },
  {
    name: 'email',
    levels: ['exact', 'same local part, other domain', 'mismatch', "spells the other record's name"],
  },
  { name: 'grade', levels: ['exact', 'within one', 'mismatch'] },
  { name: 'school', levels: ['shared', 'different'] },
  { name: 'gender', levels: ['same', 'different'] },
  { name: 'address', levels: ['exact', 'most words shared', 'some words shared', 'mismatch'] },
  { name: 'username', levels: ['exact', 'mismatch'] },
];

export const FIRST = 0;
export const LAST = 1;
export const MIDDLE = 2;
export const DOB = 3;
export const ID = 4;
export const EMAIL = 5;
export const GRADE = 6;
export const SCHOOL = 7;
export const GENDER = 8;
export const ADDRESS = 9;
export const USERNAME = 10;

export const FIRST_EXACT = 1;
export const FIRST_NICKNAME = 2;
export const FIRST_FUZZY = 3;
export const FIRST_INITIAL = 4;
export const FIRST_SWAPPED = 5;
export const FIRST_SIMILAR = 6;
export const FIRST_MISMATCH = 7;
export const LAST_EXACT = 1;
export const LAST_COMPOUND = 2;
export const LAST_FUZZY = 3;
export const LAST_SWAPPED = 4;
export const LAST_SIMILAR = 5;
export const LAST_MISMATCH = 6;
export const DOB_EXACT = 1;
export const DOB_SAME_YEAR = 4;
export const DOB_MISMATCH = 5;
export const ID_EXACT = 1;
export const ID_STRIPPED = 2;
export const ID_TYPO = 3;
export const ID_MISMATCH = 4;
export const EMAIL_EXACT = 1;
export const EMAIL_MISMATCH = 3;
export const EMAIL_SPELLS_OTHER_NAME = 4;
export const GRADE_MISMATCH = 3;
export const SCHOOL_DIFFERENT = 2;
export const GENDER_DIFFERENT = 2;
export const ADDRESS_EXACT = 1;
export const ADDRESS_MOST_WORDS = 2;
export const USERNAME_EXACT = 1;
export const USERNAME_MISMATCH = 2;

/** Rows per field in level-indexed tables (weights, m, u): [field * LEVELS_PER_FIELD + level]. */
export const LEVELS_PER_FIELD = 8;

// Each field takes just enough bits for its levels plus "missing"; all of them fit in 31 bits.
const FIELD_BITS = FIELDS.map((field) => Math.ceil(Math.log2(field.levels.length + 1)));
const FIELD_SHIFT = FIELD_BITS.map((_, f) => FIELD_BITS.slice(0, f).reduce((sum, bits) => sum + bits, 0));
const FIELD_MASK = FIELD_BITS.map((bits) => (1 << bits) - 1);

export function levelOf(pattern: number, field: number): number {
  return (pattern >>> FIELD_SHIFT[field]) & FIELD_MASK[field];
}

const FUZZY_NAME = 0.92;
const NAME_CACHE_SIZE = 1 << 20;
const NAME_CACHE_MASK = NAME_CACHE_SIZE - 1;

class NamePairCache {
  readonly x = new Int32Array(NAME_CACHE_SIZE).fill(-1);
  readonly y = new Int32Array(NAME_CACHE_SIZE).fill(-1);
  readonly level = new Uint8Array(NAME_CACHE_SIZE);
}
const SIMILAR_NAME = 0.8;

/** Compares records of two prepared sides (which may be the same side, for duplicate detection). */
export class PairComparer {
  private readonly names: Lexicons['names'];

  constructor(
    private readonly lexicons: Lexicons,
    private readonly a: PreparedPeople,
    private readonly b: PreparedPeople,
  ) {
    this.names = lexicons.names;
  }

  /** One typo in a name of three letters or more, two in a long one, or a high Jaro-Winkler. */
  private isFuzzy(x: string, y: string): boolean {
    if (jaroWinkler(x, y) >= FUZZY_NAME) return true;
    const shorter = Math.min(x.length, y.length);
    if (shorter < 3) return false;
    const allowed = shorter >= 7 ? 2 : 1;
    return editDistanceWithin(x, y, allowed) <= allowed;
  }

  // Name pairs repeat endlessly (Olivia vs Emma), so a pair's level is kept in a direct-mapped cache:
  // fixed memory, no allocation, and a collision only costs a recomputation.
  private readonly firstCache = new NamePairCache();
  private readonly lastCache = new NamePairCache();

  private cached(
    cache: NamePairCache,
    x: number,
    y: number,
    level: (x: number, y: number) => number,
  ): number {
    const slot = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77)) & NAME_CACHE_MASK;
    if (cache.x[slot] === x && cache.y[slot] === y) return cache.level[slot];
    const known = level(x, y);
    cache.x[slot] = x;
    cache.y[slot] = y;
    cache.level[slot] = known;
    return known;
  }

  private readonly firstOnly = (x: number, y: number) => this.firstLevel(x, y, false);
  private readonly lastOnly = (x: number, y: number) => this.lastLevel(x, y, false);

  private namesAgree(x: number, y: number): boolean {
    if (x === y) return true;
    const level = this.cached(this.firstCache, x, y, this.firstOnly);
    return level === FIRST_EXACT || level === FIRST_FUZZY;
  }

  firstLevel(fa: number, fb: number, isSwapped: boolean): number {
    if (fa < 0 || fb < 0) return 0;
    if (fa === fb) return FIRST_EXACT;
    const names = this.names;
    const x = names.compact[fa];
    const y = names.compact[fb];
    if (x === y) return FIRST_EXACT;
    if (shareGroup(names.nicknameGroups[fa], names.nicknameGroups[fb])) return FIRST_NICKNAME;
    if (isSwapped) return FIRST_SWAPPED;
    if (this.isFuzzy(x, y)) return FIRST_FUZZY;
    if ((x.length === 1 || y.length === 1) && x.charCodeAt(0) === y.charCodeAt(0)) return FIRST_INITIAL;
    // A double first name ("mary ann") against one of its words.
    if (names.words[fa].length > 1 || names.words[fb].length > 1) {
      if (shareWord(names.words[fa], names.words[fb])) return FIRST_FUZZY;
    }
    return jaroWinkler(x, y) >= SIMILAR_NAME ? FIRST_SIMILAR : FIRST_MISMATCH;
  }

  lastLevel(la: number, lb: number, isSwapped: boolean): number {
    if (la < 0 || lb < 0) return 0;
    if (la === lb) return LAST_EXACT;
    const names = this.names;
    const x = names.compact[la];
    const y = names.compact[lb];
    if (x === y) return LAST_EXACT;
    if (isSwapped) return LAST_SWAPPED;
    if (
      shareWord(names.words[la], names.words[lb]) ||
      (Math.min(x.length, y.length) >= 3 && (isAffix(x, y) || isAffix(y, x)))
    ) {
      return LAST_COMPOUND;
    }
    if (this.isFuzzy(x, y)) return LAST_FUZZY;
    return jaroWinkler(x, y) >= SIMILAR_NAME ? LAST_SIMILAR : LAST_MISMATCH;
  }

  /**
   * True when a[i] and b[j] clearly have a different given name (similar or mismatch) or surname
   * (mismatch), and not merely swapped: the disagreements the strict duplicate guard always
   * rejects, read from the cached name levels so duplicate detection can skip the full comparison.
   */
  namesDiffer(i: number, j: number): boolean {
    const fa = this.a.first[i];
    const fb = this.b.first[j];
    const la = this.a.last[i];
    const lb = this.b.last[j];
    let differ = false;
    if (la >= 0 && lb >= 0 && la !== lb)
      differ = this.cached(this.lastCache, la, lb, this.lastOnly) === LAST_MISMATCH;
    if (!differ && fa >= 0 && fb >= 0 && fa !== fb) {
      const first = this.cached(this.firstCache, fa, fb, this.firstOnly);
      differ = first === FIRST_SIMILAR || first === FIRST_MISMATCH;
    }
    if (!differ || fa < 0 || fb < 0 || la < 0 || lb < 0) return differ;
    return !(this.namesAgree(fa, lb) && this.namesAgree(la, fb));
  }

  /** The packed comparison pattern of a[i] against b[j]. */
  pattern(i: number, j: number): number {
    const a = this.a;
    const b = this.b;
    const fa = a.first[i];
    const fb = b.first[j];
    const la = a.last[i];
    const lb = b.last[j];
    let first =
      fa < 0 || fb < 0 ? 0 : fa === fb ? FIRST_EXACT : this.cached(this.firstCache, fa, fb, this.firstOnly);
    let last =
      la < 0 || lb < 0 ? 0 : la === lb ? LAST_EXACT : this.cached(this.lastCache, la, lb, this.lastOnly);
    // Given and family name swapped: each agrees with the other side's opposite name instead.
    if (
      first > FIRST_FUZZY &&
      last !== LAST_EXACT &&
      la >= 0 &&
      lb >= 0 &&
      // Cheap pre-check: swapped names keep their initials crosswise.
      this.names.initialCode[fa] === this.names.initialCode[lb] &&
      this.names.initialCode[la] === this.names.initialCode[fb] &&
      this.namesAgree(fa, lb) &&
      this.namesAgree(la, fb)
    ) {
      first = FIRST_SWAPPED;
      last = LAST_SWAPPED;
    } else if (first >= FIRST_SIMILAR && last >= LAST_SIMILAR && la >= 0 && lb >= 0) {
      // One name typed into the other field and the other one lost (a surname in the given-name field
      // and a different given name): the name that crossed over still identifies.
      if (this.namesAgree(la, fb)) last = LAST_SWAPPED;
      else if (this.namesAgree(fa, lb)) first = FIRST_SWAPPED;
    }
    let pattern = first | (last << FIELD_SHIFT[LAST]);
    pattern |= middleLevel(this.names.compact, a.middle[i], b.middle[j]) << FIELD_SHIFT[MIDDLE];
    pattern |= dobLevel(a.dob[i], b.dob[j]) << FIELD_SHIFT[DOB];
    let idBest = 0;
    for (let f = 0; f < ID_FIELDS.length; f++) {
      const level = this.idLevel(f, i, j);
      if (level !== 0 && (idBest === 0 || level < idBest)) idBest = level;
    }
    pattern |= idBest << FIELD_SHIFT[ID];
    pattern |= this.emailLevel(i, j) << FIELD_SHIFT[EMAIL];
    pattern |= gradeLevel(a.grade[i], b.grade[j]) << FIELD_SHIFT[GRADE];
    pattern |= this.schoolLevel(i, j) << FIELD_SHIFT[SCHOOL];
    const ga = a.gender[i];
    const gb = b.gender[j];
    if (ga !== 0 && gb !== 0) pattern |= (ga === gb ? 1 : GENDER_DIFFERENT) << FIELD_SHIFT[GENDER];
    pattern |= this.addressLevel(i, j) << FIELD_SHIFT[ADDRESS];
    const ua = a.username[i];
    const ub = b.username[j];
    if (ua >= 0 && ub >= 0) pattern |= (ua === ub ? 1 : USERNAME_MISMATCH) << FIELD_SHIFT[USERNAME];
    return pattern;
  }

  idLevel(field: number, i: number, j: number): number {
    const x = this.a.ids[field][i];
    const y = this.b.ids[field][j];
    if (Number.isNaN(x) || Number.isNaN(y)) return 0;
    if (x === y) return this.a.idZeros[field][i] === this.b.idZeros[field][j] ? ID_EXACT : ID_STRIPPED;
    // One keystroke away (a typo or two swapped digits) in an id long enough not to collide by chance.
    if (x >= 10000 && y >= 10000) {
      if (!typoShapedDifference(Math.abs(x - y))) return ID_MISMATCH;
      const digitsX = Math.floor(Math.log10(x));
      if (digitsX === Math.floor(Math.log10(y))) return sameLengthTypo(x, y) ? ID_TYPO : ID_MISMATCH;
    }
    const sx = decodeId(x, this.lexicons.values);
    const sy = decodeId(y, this.lexicons.values);
    return Math.min(sx.length, sy.length) >= 5 && editDistanceWithin(sx, sy, 1) <= 1 ? ID_TYPO : ID_MISMATCH;
  }

  private emailLevel(i: number, j: number): number {
    const la = this.a.emailLocal[i];
    const lb = this.b.emailLocal[j];
    if (la < 0 && lb < 0) return 0;
    if (la < 0 || lb < 0) return this.emailSpellsOtherName(i, j) ? EMAIL_SPELLS_OTHER_NAME : 0;
    // No "similar local part" level: generated addresses (first.last + digits) of namesakes are similar.
    if (la === lb) return this.a.emailDomain[i] === this.b.emailDomain[j] ? EMAIL_EXACT : 2;
    return this.emailSpellsOtherName(i, j) ? EMAIL_SPELLS_OTHER_NAME : EMAIL_MISMATCH;
  }

  /**
   * One record's e-mail spells the other record's name (first.last or flast) but not its own: an
   * address kept from before a name change. An address spelling its own name too says nothing
   * (namesakes share it).
   */
  private emailSpellsOtherName(i: number, j: number): boolean {
    return spellsOnlyOther(this.a, i, this.b, j) || spellsOnlyOther(this.b, j, this.a, i);
  }

  /** Addresses agree by the share of words they have in common (typos and reordering are common). */
  private addressLevel(i: number, j: number): number {
    const a = this.a;
    const b = this.b;
    const startA = a.addressStart[i];
    const endA = a.addressStart[i + 1];
    const startB = b.addressStart[j];
    const endB = b.addressStart[j + 1];
    const lengthA = endA - startA;
    const lengthB = endB - startB;
    if (lengthA === 0 || lengthB === 0) return 0;
    let inOrder = lengthA === lengthB;
    for (let x = 0; inOrder && x < lengthA; x++)
      if (a.addressWords[startA + x] !== b.addressWords[startB + x]) inOrder = false;
    if (inOrder) return ADDRESS_EXACT;
    const wordsA = a.addressWords.subarray(startA, endA);
    const wordsB = b.addressWords.subarray(startB, endB);
    const shared = Math.max(this.sharedWords(wordsA, wordsB), this.sharedWords(wordsB, wordsA));
    const share = shared / Math.max(lengthA, lengthB);
    return share >= 0.6 ? ADDRESS_MOST_WORDS : share >= 0.25 ? 3 : 4;
  }

  /**
   * How many of `from`'s address words the other address has: the same word, the same word with one
   * typo (words of four letters or more), or two neighbouring words written as one ("murrell place" =
   * "murrellplace"), as hand-typed addresses go.
   */
  private sharedWords(from: Int32Array, to: Int32Array): number {
    const strings = this.lexicons.values.strings;
    let shared = 0;
    for (let x = 0; x < from.length; x++) {
      const word = from[x];
      if (to.includes(word)) {
        shared++;
        continue;
      }
      const text = strings[word];
      if (x + 1 < from.length) {
        const joined = text + strings[from[x + 1]];
        if (to.some((other) => strings[other] === joined)) {
          shared += 2;
          x++;
          continue;
        }
      }
      if (
        text.length >= 4 &&
        to.some((other) => strings[other].length >= 4 && editDistanceWithin(text, strings[other], 1) <= 1)
      )
        shared++;
    }
    return shared;
  }

  private schoolLevel(i: number, j: number): number {
    const a = this.a;
    const b = this.b;
    const startA = a.schoolStart[i];
    const endA = a.schoolStart[i + 1];
    const startB = b.schoolStart[j];
    const endB = b.schoolStart[j + 1];
    if (startA === endA || startB === endB) return 0;
    for (let x = startA; x < endA; x++) {
      for (let y = startB; y < endB; y++) if (a.schoolIds[x] === b.schoolIds[y]) return 1;
    }
    return SCHOOL_DIFFERENT;
  }
}

/**
 * Cheap necessary condition for a one-digit change (difference d·10^k) or an adjacent swap
 * (difference 9·d·10^k) between two numbers; rejects almost every unrelated pair at once.
 */
function typoShapedDifference(difference: number): boolean {
  let rest = difference;
  while (rest % 10 === 0) rest /= 10;
  return rest <= 9 || (rest % 9 === 0 && rest <= 81);
}

/** Equal-length numbers differing in one digit or by one swap of adjacent digits, without strings. */
function sameLengthTypo(x: number, y: number): boolean {
  let differences = 0;
  let previousX = -1;
  let previousY = -1;
  let swapAt = -2;
  for (let position = 0; x > 0 || y > 0; position++) {
    const digitX = x % 10;
    const digitY = y % 10;
    if (digitX !== digitY) {
      if (++differences > 2) return false;
      if (differences === 2 && !(swapAt === position - 1 && digitX === previousY && digitY === previousX)) {
        return false;
      }
      swapAt = position;
    }
    previousX = digitX;
    previousY = digitY;
    x = Math.floor(x / 10);
    y = Math.floor(y / 10);
  }
  return true;
}

function spellsName(email: number, people: PreparedPeople, r: number): boolean {
  return email === people.nameLetters[r] || email === people.initialLetters[r];
}

/** Whether x[i]'s e-mail spells y[j]'s name and not x[i]'s own. */
function spellsOnlyOther(x: PreparedPeople, i: number, y: PreparedPeople, j: number): boolean {
  const email = x.emailLetters[i];
  return email >= 0 && spellsName(email, y, j) && !spellsName(email, x, i);
}

function shareWord(x: readonly string[], y: readonly string[]): boolean {
  if (x.length === 1 && y.length === 1) return false;
  for (const word of x) if (word.length >= 2 && y.includes(word)) return true;
  return false;
}

/** One surname is the start or end of the other, as when a hyphen was dropped ("garcialopez"). */
function isAffix(part: string, whole: string): boolean {
  return whole.length > part.length && (whole.startsWith(part) || whole.endsWith(part));
}

function middleLevel(compact: readonly string[], ma: number, mb: number): number {
  if (ma < 0 || mb < 0) return 0;
  if (ma === mb) return 1;
  return compact[ma].charCodeAt(0) === compact[mb].charCodeAt(0) ? 2 : 3;
}

export function dobLevel(x: number, y: number): number {
  if (x === 0 || y === 0) return 0;
  if (x === y) return DOB_EXACT;
  const yearX = Math.floor(x / 10000);
  const yearY = Math.floor(y / 10000);
  const monthX = Math.floor(x / 100) % 100;
  const monthY = Math.floor(y / 100) % 100;
  const dayX = x % 100;
  const dayY = y % 100;
  if (yearX === yearY && monthX === dayY && dayX === monthY) return 2;
  const differing = (yearX !== yearY ? 1 : 0) + (monthX !== monthY ? 1 : 0) + (dayX !== dayY ? 1 : 0);
  if (differing === 1) return 3;
  return yearX === yearY ? 4 : DOB_MISMATCH;
}

function gradeLevel(x: number, y: number): number {
  if (x === MISSING_GRADE || y === MISSING_GRADE) return 0;
  const gap = Math.abs(x - y);
  return gap === 0 ? 1 : gap === 1 ? 2 : GRADE_MISMATCH;
}
