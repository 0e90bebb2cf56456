// Fellegi-Sunter model: per field and level, m = P(level | same person) and u = P(level | different
// people). u comes from random record pairs (almost all of which are different people); m is learned
// by expectation-maximisation over the candidate pairs' comparison patterns, with the share of true
// matches among candidates held fixed so EM cannot drift into explaining some other cluster (for
// example "same school"). No labels are used.

import { FIELDS, LEVELS_PER_FIELD, levelOf } from './compare.ts';

/** Weights are indexed [field * LEVELS_PER_FIELD + level]. */
export type LevelTable = Float64Array<ArrayBuffer>;

// Starting / fallback m per field, levels 1..n (same order as FIELDS[].levels).
const PRIOR_M: readonly (readonly number[])[] = [
  [0.86, 0.03, 0.05, 0.01, 0.01, 0.02, 0.02],
  [0.88, 0.02, 0.05, 0.01, 0.02, 0.02],
  [0.8, 0.15, 0.05],
  [0.9, 0.02, 0.05, 0.01, 0.02],
  [0.9, 0.04, 0.02, 0.04],
  [0.85, 0.1, 0.04, 0.01],
  [0.8, 0.17, 0.03],
  [0.9, 0.1],
  [0.97, 0.03],
  [0.6, 0.2, 0.1, 0.1],
  [0.9, 0.1],
];

// Fallback u when too few random pairs have the field on both sides to measure it.
const PRIOR_U: readonly (readonly number[])[] = [
  [0.01, 0.002, 0.01, 0.005, 0.0002, 0.05, 0.9228],
  [0.005, 0.001, 0.005, 0.0002, 0.03, 0.9588],
  [0.05, 0.05, 0.9],
  [0.0001, 0.0001, 0.002, 0.02, 0.9778],
  [0.00001, 0.00001, 0.0001, 0.99988],
  [0.00001, 0.00001, 0.99997, 0.00001],
  [0.1, 0.2, 0.7],
  [0.1, 0.9],
  [0.5, 0.5],
  [0.0005, 0.002, 0.05, 0.9475],
  [0.00001, 0.99999],
];

/** Fewer non-missing observations than this and the prior is used instead of the data. */
const MIN_OBSERVATIONS = 200;
/** Weight of the prior in EM, as a number of pseudo-matches. */
const PRIOR_STRENGTH = 20;
/** No single field may contribute more than this many bits either way: data errors are never 0. */
const MAX_FIELD_BITS = 16;
/**
 * Ids and e-mails are capped lower: random pairs never share one, so their measured u is ~0, but
 * recycled, mistyped and foreign ids exist, and one must not outvote name and birth date together.
 */
const MAX_BITS_PER_FIELD = FIELDS.map((field) =>
  field.name === 'id' || field.name === 'email' ? 12 : MAX_FIELD_BITS,
);
const EM_ITERATIONS = 25;

function priorTable(priors: readonly (readonly number[])[]): LevelTable {
  const table = new Float64Array(FIELDS.length * LEVELS_PER_FIELD);
  priors.forEach((levels, f) => {
    levels.forEach((p, l) => {
      table[f * LEVELS_PER_FIELD + l + 1] = p;
    });
  });
  return table;
}

/** Normalises the counts of each field over its non-missing levels, or falls back to the prior. */
function toProbabilities(counts: Float64Array, prior: LevelTable, smoothing: number): LevelTable {
  const table = new Float64Array(counts.length);
  for (let f = 0; f < FIELDS.length; f++) {
    const levels = FIELDS[f].levels.length;
    let total = 0;
    for (let l = 1; l <= levels; l++) total += counts[f * LEVELS_PER_FIELD + l];
    for (let l = 1; l <= levels; l++) {
      const k = f * LEVELS_PER_FIELD + l;
      table[k] =
        total < MIN_OBSERVATIONS ? prior[k] : (counts[k] + smoothing * prior[k]) / (total + smoothing);
    }
  }
  return table;
}

/** Estimates u from the comparison patterns of random pairs. */
export function estimateU(randomPatterns: Int32Array): LevelTable {
  const counts = new Float64Array(FIELDS.length * LEVELS_PER_FIELD);
  for (const pattern of randomPatterns) {
    for (let f = 0; f < FIELDS.length; f++) counts[f * LEVELS_PER_FIELD + levelOf(pattern, f)]++;
  }
  // Half a pseudo-count spread by the prior keeps unseen levels (e.g. "id exact") finite.
  return toProbabilities(counts, priorTable(PRIOR_U), 1);
}

/**
 * EM for m over candidate pairs grouped by left record (pairs of one record are contiguous), with the
 * per-pair match prior `lambda` fixed. The E-step respects that a record has at most one true match
 * among its candidates: a pair's responsibility is odds / (1 + Σ odds of that record's candidates).
 * Without this, EM happily explains "same common name, different id" clusters as matches and learns
 * that ids and e-mails disagreeing is normal. `stride` samples every stride-th left record.
 */
export function estimateM(
  patterns: Int32Array,
  left: Int32Array,
  u: LevelTable,
  lambda: number,
  stride: number,
): LevelTable {
  const prior = priorTable(PRIOR_M);
  let m = prior.slice();
  const priorOdds = lambda / (1 - lambda);
  // Work per distinct pattern: a pair only needs its pattern's odds and adds its responsibility to
  // that pattern's total, which is spread over the fields' levels once per iteration.
  const distinct = new Map<number, number>();
  const sampled: number[] = [];
  const patternOf: number[] = [];
  for (let p = 0; p < patterns.length; p++) {
    if (left[p] % stride !== 0) continue;
    let index = distinct.get(patterns[p]);
    if (index === undefined) {
      index = patternOf.length;
      distinct.set(patterns[p], index);
      patternOf.push(patterns[p]);
    }
    sampled.push(p);
  }
  const indexOf = Int32Array.from(sampled, (p) => distinct.get(patterns[p])!);
  const recordOf = Int32Array.from(sampled, (p) => left[p]);
  const odds = new Float64Array(patternOf.length);
  const responsibility = new Float64Array(patternOf.length);
  for (let iteration = 0; iteration < EM_ITERATIONS; iteration++) {
    const weights = weightTable(m, u);
    for (let d = 0; d < patternOf.length; d++) odds[d] = priorOdds * 2 ** patternScore(patternOf[d], weights);
    responsibility.fill(0);
    let q = 0;
    while (q < indexOf.length) {
      let end = q;
      let total = 1;
      while (end < indexOf.length && recordOf[end] === recordOf[q]) total += odds[indexOf[end++]];
      for (; q < end; q++) responsibility[indexOf[q]] += odds[indexOf[q]] / total;
    }
    const expected = new Float64Array(m.length);
    for (let d = 0; d < patternOf.length; d++) {
      for (let f = 0; f < FIELDS.length; f++) {
        expected[f * LEVELS_PER_FIELD + levelOf(patternOf[d], f)] += responsibility[d];
      }
    }
    m = toProbabilities(expected, prior, PRIOR_STRENGTH);
  }
  return m;
}

/** log2(m / u) per field level, clamped (see MAX_BITS_PER_FIELD); missing levels weigh 0. */
export function weightTable(m: LevelTable, u: LevelTable): LevelTable {
  const weights = new Float64Array(m.length);
  for (let f = 0; f < FIELDS.length; f++) {
    for (let l = 1; l <= FIELDS[f].levels.length; l++) {
      const k = f * LEVELS_PER_FIELD + l;
      const bits = Math.log2(Math.max(m[k], 1e-9) / Math.max(u[k], 1e-9));
      weights[k] = Math.max(-MAX_FIELD_BITS, Math.min(MAX_BITS_PER_FIELD[f], bits));
    }
  }
  return weights;
}

export function patternScore(pattern: number, weights: LevelTable): number {
  let score = 0;
  for (let f = 0; f < FIELDS.length; f++) score += weights[f * LEVELS_PER_FIELD + levelOf(pattern, f)];
  return score;
}

/** The learned weights keyed by field and level label, for reports. */
export function describeWeights(weights: LevelTable): Record<string, Record<string, number>> {
  const described: Record<string, Record<string, number>> = {};
  FIELDS.forEach((field, f) => {
    const levels: Record<string, number> = {};
    field.levels.forEach((label, l) => {
      levels[label] = Math.round(weights[f * LEVELS_PER_FIELD + l + 1] * 100) / 100;
    });
    described[field.name] = levels;
  });
  return described;
}
