// Turns a pair's comparison pattern into a total log2 Bayes factor, adjusting exact name agreement
// for how common the name is, and decides whether the pair may ever be an automatic match.

import {
  ADDRESS,
  DOB,
  DOB_MISMATCH,
  DOB_SAME_YEAR,
  EMAIL,
  EMAIL_EXACT,
  EMAIL_MISMATCH,
  FIELDS,
  FIRST,
  FIRST_EXACT,
  FIRST_MISMATCH,
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
import type { PreparedPeople } from './prepare.ts';

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
 * not the context fields grade, school and gender). A match needs two: one agreeing surname alone is never enough, however
 * few candidates there are.
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
  agree(EMAIL, ['exact', 'same local part, other domain']);
  agree(USERNAME, ['exact']);
  agree(ADDRESS, ['exact', 'most words shared']);
  return table;
})();

/**
 * A disagreement vetoes an automatic match when fewer than this share of true matches show it
 * (learned m): then it is far more likely a twin, namesake or classmate than a data error.
 */
const VETO_BELOW_M = 0.02;

/**
 * Decides whether a pair may become an automatic match at all. Without an agreeing id, e-mail or
 * username, a
 * pair whose given name, surname or birth date clearly disagrees stays a review suggestion however
 * high its other evidence: that is what twins (same surname, birthday and school), namesakes (same
 * name, other birthday) and same-birthday classmates look like, and the model's independence
 * assumption overrates them. The veto is lifted for a disagreement the data show to be a common
 * error among true matches (FEBRL-style files where whole fields get replaced).
 */
export class AutoMatchGuard {
  private readonly vetoes = new Uint8Array(FIELDS.length * LEVELS_PER_FIELD);
  private readonly strict: boolean;

  /**
   * `m` null builds the strict guard for duplicates within one side: such records come from one
   * system, so any disagreeing identifier, school or grade means two people, whatever the names say.
   */
  constructor(m: LevelTable | null) {
    this.strict = m === null;
    for (const [field, level] of DISAGREEMENTS) {
      if (!m || m[field * LEVELS_PER_FIELD + level] < VETO_BELOW_M)
        this.vetoes[field * LEVELS_PER_FIELD + level] = 1;
    }
    if (this.strict) {
      for (const [field, level] of DUPLICATE_DISAGREEMENTS) this.vetoes[field * LEVELS_PER_FIELD + level] = 1;
    }
  }

  allows(pattern: number): boolean {
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
    let contextDisagreements = 0;
    for (let f = 0; f < FIELDS.length; f++) {
      const k = f * LEVELS_PER_FIELD + levelOf(pattern, f);
      if (vetoes[k] === 1) return false;
      contextDisagreements += CONTEXT_DISAGREEMENT[k];
    }
    // Two context disagreements at once (other e-mail and other school, say) is what a namesake
    // looks like; a real record rarely changes both.
    return contextDisagreements < 2;
  }
}
