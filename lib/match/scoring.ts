// Turns a pair's comparison pattern into a total log2 Bayes factor, adjusting exact name agreement
// for how common the name is, and decides whether the pair may ever be an automatic match.

import { phoneticPair } from './blocking.ts';
import {
  ADDRESS,
  ADDRESS_EXACT,
  ADDRESS_MOST_WORDS,
  DOB,
  DOB_EXACT,
  DOB_MISMATCH,
  DOB_SAME_YEAR,
  EMAIL,
  EMAIL_EXACT,
  EMAIL_MISMATCH,
  EMAIL_SPELLS_OTHER_NAME,
  FIELDS,
  FIRST,
  FIRST_EXACT,
  FIRST_FUZZY,
  FIRST_MISMATCH,
  FIRST_NICKNAME,
  FIRST_SIMILAR,
  GENDER,
  GENDER_DIFFERENT,
  GRADE,
  GRADE_MISMATCH,
  ID,
  ID_EXACT,
  ID_MISMATCH,
  ID_STRIPPED,
  LAST,
  LAST_EXACT,
  LAST_FUZZY,
  LAST_MISMATCH,
  LEVELS_PER_FIELD,
  levelOf,
  SCHOOL,
  SCHOOL_DIFFERENT,
  USERNAME,
  USERNAME_EXACT,
  USERNAME_MISMATCH,
} from './compare.ts';
import { type LevelTable, patternScore } from './model.ts';
import type { NameLexicon, PreparedPeople } from './prepare.ts';

/**
 * Agreement on a name shared by one record in N weighs at most log2(m · N); beyond ~4,000 the
 * name stops being a useful discriminator on its own (siblings, cousins share rare surnames).
 */
const MIN_NAME_FREQUENCY = 1 / 4096;

/** Per-name weight for exact agreement: log2(m_exact / frequency of the name among all records). */
function termFrequencyBits(
  nameCount: number,
  names: Int32Array[],
  mExact: number,
  fallbackBits: number,
): Float32Array {
  const counts = new Int32Array(nameCount);
  let total = 0;
  for (const column of names) {
    for (const id of column) {
      if (id >= 0) {
        counts[id]++;
        total++;
      }
    }
  }
  const bits = new Float32Array(nameCount).fill(fallbackBits);
  if (total === 0) return bits;
  for (let id = 0; id < nameCount; id++) {
    if (counts[id] > 0) bits[id] = Math.log2(mExact / Math.max(counts[id] / total, MIN_NAME_FREQUENCY));
  }
  return bits;
}

export class PairScorer {
  private readonly firstBits: Float32Array;
  private readonly lastBits: Float32Array;
  private readonly firstExactBits: number;
  private readonly lastExactBits: number;

  constructor(
    readonly weights: LevelTable,
    m: LevelTable,
    nameCount: number,
    sides: readonly PreparedPeople[],
  ) {
    this.firstExactBits = weights[FIRST * LEVELS_PER_FIELD + FIRST_EXACT];
    this.lastExactBits = weights[LAST * LEVELS_PER_FIELD + LAST_EXACT];
    this.firstBits = termFrequencyBits(
      nameCount,
      sides.map((side) => side.first),
      m[FIRST * LEVELS_PER_FIELD + FIRST_EXACT],
      this.firstExactBits,
    );
    this.lastBits = termFrequencyBits(
      nameCount,
      sides.map((side) => side.last),
      m[LAST * LEVELS_PER_FIELD + LAST_EXACT],
      this.lastExactBits,
    );
  }

  /** Total log2 Bayes factor of a[i] vs b[j] with comparison pattern `pattern`. */
  score(pattern: number, a: PreparedPeople, i: number): number {
    let score = patternScore(pattern, this.weights);
    if (levelOf(pattern, FIRST) === FIRST_EXACT) score += this.firstBits[a.first[i]] - this.firstExactBits;
    if (levelOf(pattern, LAST) === LAST_EXACT) score += this.lastBits[a.last[i]] - this.lastExactBits;
    return score;
  }
}

/** Levels that mean "clearly a different value", the ones twins, namesakes and classmates show. */
const DISAGREEMENTS: readonly [field: number, level: number][] = [
  [FIRST, FIRST_SIMILAR],
  [FIRST, FIRST_MISMATCH],
  [LAST, LAST_MISMATCH],
  [DOB, DOB_SAME_YEAR],
  [DOB, DOB_MISMATCH],
  [EMAIL, EMAIL_MISMATCH],
];

/** Disagreeing context: another e-mail, school, grade (beyond one year) or gender. */
const CONTEXT_DISAGREEMENT = (() => {
  const table = new Uint8Array(FIELDS.length * LEVELS_PER_FIELD);
  for (const [field, level] of [
    [EMAIL, EMAIL_MISMATCH],
    [SCHOOL, SCHOOL_DIFFERENT],
    [GRADE, GRADE_MISMATCH],
    [GENDER, GENDER_DIFFERENT],
  ]) {
    table[field * LEVELS_PER_FIELD + level] = 1;
  }
  return table;
})();

const DUPLICATE_DISAGREEMENTS: readonly [field: number, level: number][] = [
  [ID, ID_MISMATCH],
  [EMAIL, EMAIL_MISMATCH],
  [SCHOOL, SCHOOL_DIFFERENT],
  [GRADE, GRADE_MISMATCH],
  [USERNAME, USERNAME_MISMATCH],
];

/**
 * Levels where an identifying field agrees (names, birth date, ids, e-mail, username, home address;
 * not the context fields grade, school and gender). A match needs two: one agreeing surname alone is
 * never enough, however few candidates there are.
 */
const IDENTITY_AGREEMENT = (() => {
  const table = new Uint8Array(FIELDS.length * LEVELS_PER_FIELD);
  const agree = (field: number, levels: string[]) => {
    for (const label of levels) table[field * LEVELS_PER_FIELD + FIELDS[field].levels.indexOf(label) + 1] = 1;
  };
  agree(FIRST, ['exact', 'nickname', 'fuzzy', 'swapped with last']);
  agree(LAST, ['exact', 'compound part', 'fuzzy', 'swapped with first']);
  agree(DOB, ['exact', 'day/month swapped', 'one part differs']);
  agree(ID, ['exact', 'zeros stripped', 'typo']);
  agree(EMAIL, ['exact', 'same local part, other domain', "spells the other record's name"]);
  agree(USERNAME, ['exact']);
  agree(ADDRESS, ['exact', 'most words shared']);
  return table;
})();

/**
 * A disagreement vetoes an automatic match when fewer than this share of true matches show it
 * (learned m): then it is far more likely a twin, namesake or classmate than a data error.
 */
const VETO_BELOW_M = 0.02;

/** Room for a birth date as YYYYMMDD (< 2^25) beside a surname's phonetic code. */
const DATE_RANGE = 2 ** 25;

/** Sorted keys of every record on both sides, so a key's record count is two binary searches away. */
function sortedKeys(sides: readonly PreparedPeople[], keyOf: (side: PreparedPeople, r: number) => number) {
  let count = 0;
  for (const side of sides) count += side.size;
  const keys = new Float64Array(count);
  let n = 0;
  for (const side of sides) {
    for (let r = 0; r < side.size; r++) {
      const key = keyOf(side, r);
      if (key >= 0) keys[n++] = key;
    }
  }
  return keys.subarray(0, n).sort();
}

function countOf(sorted: Float64Array, key: number): number {
  const bound = (strict: boolean) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle] < key || (strict && sorted[middle] === key)) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return bound(true) - bound(false);
}

/** Whether no record but a and c themselves holds a's key or c's key. */
function onlyThePair(sorted: Float64Array, keyA: number, keyC: number): boolean {
  if (keyA < 0 || keyC < 0) return false;
  return keyA === keyC
    ? countOf(sorted, keyA) === 2
    : countOf(sorted, keyA) === 1 && countOf(sorted, keyC) === 1;
}

/**
 * Answers "could anyone in the data be this pair's twin or namesake?" over both sides at once.
 * Twins share surname and birth date, namesakes given name and surname; both are keyed by sound
 * (nicknames by their formal root) so a mistyped sibling still counts. The sorted keys are built on
 * first use: most runs never see a pair that needs them.
 */
export class SiblingIndex {
  private twinKeys: Float64Array | null = null;
  private namesakeKeys: Float64Array | null = null;

  constructor(
    private readonly names: NameLexicon,
    private readonly app: PreparedPeople,
    private readonly clever: PreparedPeople,
  ) {}

  private readonly twinKey = (side: PreparedPeople, r: number): number => {
    const last = side.last[r];
    return last < 0 || side.dob[r] === 0 ? -1 : this.names.phoneticCode[last] * DATE_RANGE + side.dob[r];
  };

  private readonly namesakeKey = (side: PreparedPeople, r: number): number =>
    phoneticPair(side, r, this.names);

  /** True when no record other than app[a] and clever[c] shares surname and birth date with either. */
  noOtherTwin(a: number, c: number): boolean {
    this.twinKeys ??= sortedKeys([this.app, this.clever], this.twinKey);
    return onlyThePair(this.twinKeys, this.twinKey(this.app, a), this.twinKey(this.clever, c));
  }

  /** True when no record other than app[a] and clever[c] shares given name and surname with either. */
  noOtherNamesake(a: number, c: number): boolean {
    this.namesakeKeys ??= sortedKeys([this.app, this.clever], this.namesakeKey);
    return onlyThePair(this.namesakeKeys, this.namesakeKey(this.app, a), this.namesakeKey(this.clever, c));
  }
}

const NO_LIFT = 0;
const TWIN_LIKE = 1;
const NAMESAKE_LIKE = 2;

/**
 * The one veto that may be lifted for this pattern: a similar (not merely different) given name with
 * the surname and birth date agreeing looks like a twin, a birth date in the same year with both
 * names agreeing like a namesake. Either must come with the home address agreeing too. An id typo
 * does not count as corroboration: twins enrolled together get consecutive ids, one digit apart.
 */
function liftableVeto(pattern: number): number {
  const address = levelOf(pattern, ADDRESS);
  if (address !== ADDRESS_EXACT && address !== ADDRESS_MOST_WORDS) return NO_LIFT;
  const last = levelOf(pattern, LAST);
  if (last !== LAST_EXACT && last !== LAST_FUZZY) return NO_LIFT;
  const first = levelOf(pattern, FIRST);
  const dob = levelOf(pattern, DOB);
  if (first === FIRST_SIMILAR && dob === DOB_EXACT) return TWIN_LIKE;
  if ((first === FIRST_EXACT || first === FIRST_NICKNAME || first === FIRST_FUZZY) && dob === DOB_SAME_YEAR)
    return NAMESAKE_LIKE;
  return NO_LIFT;
}

/**
 * Decides whether a pair may become an automatic match at all. Without an agreeing id, e-mail or
 * username, a pair whose given name, surname or birth date clearly disagrees stays a review suggestion
 * however high its other evidence: that is what twins (same surname, birthday and school), namesakes (same
 * name, other birthday) and same-birthday classmates look like, and the model's independence
 * assumption overrates them. The veto is lifted for a disagreement the data show to be a common
 * error among true matches (FEBRL-style files where whole fields get replaced), and for a twin- or
 * namesake-like pair with an agreeing home address when the data hold no one who could be the
 * sibling or namesake (see liftableVeto and SiblingIndex). That last lift errs when twin X is only
 * in the app and twin Y only in Clever: with 5–10 % of people on one side only, about 0.5–2 % of
 * twin pairs split that way, and only those with similar given names qualify.
 */
export class AutoMatchGuard {
  private readonly vetoes = new Uint8Array(FIELDS.length * LEVELS_PER_FIELD);
  private readonly strict: boolean;

  /**
   * `m` null builds the strict guard for duplicates within one side: such records come from one
   * system, so any disagreeing identifier, school or grade means two people, whatever the names say.
   * `siblings` enables the twin and namesake lift for cross-side pairs.
   */
  constructor(
    m: LevelTable | null,
    private readonly siblings?: SiblingIndex,
  ) {
    this.strict = m === null;
    for (const [field, level] of DISAGREEMENTS) {
      if (!m || m[field * LEVELS_PER_FIELD + level] < VETO_BELOW_M)
        this.vetoes[field * LEVELS_PER_FIELD + level] = 1;
    }
    if (this.strict) {
      for (const [field, level] of DUPLICATE_DISAGREEMENTS) this.vetoes[field * LEVELS_PER_FIELD + level] = 1;
    }
  }

  /** Whether app[a] and clever[c], compared as `pattern`, may be matched automatically. */
  allows(pattern: number, a = -1, c = -1): boolean {
    let agreeing = 0;
    for (let f = 0; f < FIELDS.length; f++)
      agreeing += IDENTITY_AGREEMENT[f * LEVELS_PER_FIELD + levelOf(pattern, f)];
    if (agreeing < 2) return false;
    if (!this.strict) {
      const id = levelOf(pattern, ID);
      if (id === ID_EXACT || id === ID_STRIPPED) return true;
      if (levelOf(pattern, EMAIL) === EMAIL_EXACT || levelOf(pattern, USERNAME) === USERNAME_EXACT)
        return true;
    }
    const vetoes = this.vetoes;
    let vetoed = 0;
    let contextDisagreements = 0;
    for (let f = 0; f < FIELDS.length; f++) {
      const k = f * LEVELS_PER_FIELD + levelOf(pattern, f);
      vetoed += vetoes[k];
      contextDisagreements += CONTEXT_DISAGREEMENT[k];
    }
    // An e-mail kept from the other record's name explains a changed surname, and nothing else.
    if (levelOf(pattern, EMAIL) === EMAIL_SPELLS_OTHER_NAME)
      vetoed -= vetoes[LAST * LEVELS_PER_FIELD + levelOf(pattern, LAST)];
    // Two context disagreements at once (other e-mail and other school, say) is what a namesake
    // looks like; a real record rarely changes both.
    if (contextDisagreements >= 2) return false;
    if (vetoed === 0) return true;
    if (vetoed > 1 || !this.siblings || a < 0) return false;
    // The one veto must be the lifted disagreement itself, not another one beside it.
    const lift = liftableVeto(pattern);
    if (lift === TWIN_LIKE && vetoes[FIRST * LEVELS_PER_FIELD + FIRST_SIMILAR] === 1)
      return this.siblings.noOtherTwin(a, c);
    if (lift === NAMESAKE_LIKE && vetoes[DOB * LEVELS_PER_FIELD + DOB_SAME_YEAR] === 1)
      return this.siblings.noOtherNamesake(a, c);
    return false;
  }
}
