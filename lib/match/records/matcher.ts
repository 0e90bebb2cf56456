// Turns pairwise evidence into the five Matchmaker outcomes for record types with hand-weighted evidence
// (schools, sections). The people engine learns its weights from hundreds of thousands of records; a
// district has tens of schools and a few thousand sections, too few for EM, so these types score each pair
// with fixed log2 likelihood ratios ("bits") whose base makes the sum a posterior log-odds. Everything
// after scoring (duplicate groups, one-to-one assignment with a rival margin, suggestions) reuses the
// engine's pieces so the outcomes mean the same for every record type.

import { assignOneToOne, duplicateGroups, groupMembership } from '../assign.ts';
import { DEFAULT_MATCH_THRESHOLD, DEFAULT_REVIEW_THRESHOLD, logOdds } from '../engine.ts';
import { countOutcomes } from '../outcomes.ts';
import type { AppOutcome, CleverOutcome, MatchProgress, MatchResult, Suggestion } from '../types.ts';

export interface PairVerdict {
  /** Posterior log2-odds that the two records are the same. */
  bits: number;
  /** False when the pair may never be an automatic match (a conflicting strong id, no linked evidence…). */
  matchable: boolean;
  /**
   * True when a field that tells records of one side apart disagrees (another period, another subject): two
   * such records are never duplicates, however much else (teacher, students) they share.
   */
  distinct?: boolean;
}

/** A level's bits from a field's weight table; a field missing on either side adds nothing. */
export const weightOf = <L extends string>(
  table: Readonly<Record<L, number>>,
  level: L | 'missing',
): number => (level === 'missing' ? 0 : table[level]);

export interface RecordComparer<T> {
  compare(a: T, b: T): PairVerdict;
  /** Per-field reasons, field names and levels only, never values. */
  describe(a: T, b: T): string;
  /** Calls `visit(i, j)` once per candidate pair; with `sameSide`, only for i < j. */
  forEachCandidate(left: readonly T[], right: readonly T[], sameSide: boolean, visit: VisitPair): void;
}

export type VisitPair = (i: number, j: number) => void;

export interface RecordMatchOptions {
  matchThreshold?: number;
  reviewThreshold?: number;
  onProgress?: (progress: MatchProgress) => void;
}

/** A match must beat any rival above the review band by 2^4 = 16× in odds, on both sides. */
const MARGIN_BITS = 4;
/** Progress is reported per this many app records (candidates are visited app record by app record). */
const PROGRESS_EVERY = 1_000;

const probability = (bits: number): number => 1 / (1 + 2 ** -bits);

/** Growable parallel arrays of kept pairs: only pairs that can matter are stored, never the full n×m. */
class PairList {
  left: number[] = [];
  right: number[] = [];
  bits: number[] = [];
  matchable: number[] = [];

  push(i: number, j: number, verdict: PairVerdict): number {
    this.left.push(i);
    this.right.push(j);
    this.bits.push(verdict.bits);
    this.matchable.push(verdict.matchable ? 1 : 0);
    return this.left.length - 1;
  }
}

function sameSideDuplicates<T>(
  records: readonly T[],
  comparer: RecordComparer<T>,
  duplicateBits: number,
): { groups: number[][]; member: Int32Array } {
  const left: number[] = [];
  const right: number[] = [];
  comparer.forEachCandidate(records, records, true, (i, j) => {
    const verdict = comparer.compare(records[i], records[j]);
    if (verdict.matchable && !verdict.distinct && verdict.bits >= duplicateBits) {
      left.push(i);
      right.push(j);
    }
  });
  const groups = duplicateGroups(
    records.length,
    Int32Array.from(left),
    Int32Array.from(right),
    new Uint8Array(left.length).fill(1),
  );
  return { groups, member: groupMembership(records.length, groups) };
}

export function matchRecords<T>(
  app: readonly T[],
  clever: readonly T[],
  comparer: RecordComparer<T>,
  weights: Record<string, Record<string, number>>,
  options: RecordMatchOptions = {},
): MatchResult {
  const timingsMs: Record<string, number> = {};
  let started = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timingsMs[phase] = Math.round(now - started);
    started = now;
  };
  const matchBits = logOdds(options.matchThreshold ?? DEFAULT_MATCH_THRESHOLD);
  const reviewBits = logOdds(options.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD);

  // Cross pairs: keep those in or above the review band (they compete and may be suggested), plus each
  // app record's best pair whatever its score, which a duplicate shows as its suggestion.
  const kept = new PairList();
  const bestPair = new Int32Array(app.length).fill(-1);
  const bestBits = new Float64Array(app.length).fill(Number.NEGATIVE_INFINITY);
  let compared = 0;
  let lastApp = -1;
  comparer.forEachCandidate(app, clever, false, (i, j) => {
    const verdict = comparer.compare(app[i], clever[j]);
    compared++;
    if (i !== lastApp && i % PROGRESS_EVERY === 0)
      options.onProgress?.({ phase: 'compare', done: i, total: app.length });
    lastApp = i;
    if (verdict.bits >= reviewBits) {
      const p = kept.push(i, j, verdict);
      if (verdict.bits > bestBits[i]) {
        bestBits[i] = verdict.bits;
        bestPair[i] = p;
      }
    } else if (verdict.bits > bestBits[i]) {
      bestBits[i] = verdict.bits;
      bestPair[i] = kept.push(i, j, verdict);
    }
  });
  options.onProgress?.({ phase: 'compare', done: app.length, total: app.length });
  lap('compare');

  // Two records on one side are duplicates when they would be a confident match across sides.
  const appDuplicates = sameSideDuplicates(app, comparer, matchBits);
  const cleverDuplicates = sameSideDuplicates(clever, comparer, matchBits);
  lap('duplicates');

  const count = kept.left.length;
  const left = Int32Array.from(kept.left);
  const right = Int32Array.from(kept.right);
  const scores = Float32Array.from(kept.bits);
  const eligible = new Uint8Array(count);
  for (let p = 0; p < count; p++) {
    eligible[p] =
      kept.matchable[p] &&
      kept.bits[p] >= reviewBits &&
      appDuplicates.member[left[p]] < 0 &&
      cleverDuplicates.member[right[p]] < 0
        ? 1
        : 0;
  }
  const matchedPair = assignOneToOne({
    left,
    right,
    scores,
    eligible,
    leftSize: app.length,
    rightSize: clever.length,
    matchScore: matchBits,
    rivalScore: reviewBits,
    marginBits: MARGIN_BITS,
  });
  lap('assign');

  const cleverMatchedBy = new Int32Array(clever.length).fill(-1);
  for (let i = 0; i < app.length; i++) if (matchedPair[i] >= 0) cleverMatchedBy[right[matchedPair[i]]] = i;
  // The best free candidate in the review band, per app record, for non-matches.
  const bestFree = new Int32Array(app.length).fill(-1);
  for (let p = 0; p < count; p++) {
    const i = left[p];
    if (kept.bits[p] < reviewBits || cleverMatchedBy[right[p]] >= 0) continue;
    if (bestFree[i] < 0 || kept.bits[p] > kept.bits[bestFree[i]]) bestFree[i] = p;
  }
  const suggestionOf = (p: number): Suggestion => ({
    cleverIndex: right[p],
    confidence: probability(kept.bits[p]),
    evidence: comparer.describe(app[left[p]], clever[right[p]]),
  });

  const appOutcomes: AppOutcome[] = app.map((record, i) => {
    const matched = matchedPair[i];
    if (matched >= 0) {
      return {
        result: 'match',
        cleverIndex: right[matched],
        confidence: probability(kept.bits[matched]),
        evidence: comparer.describe(record, clever[right[matched]]),
      };
    }
    const group = appDuplicates.member[i];
    if (group >= 0) {
      return {
        result: 'from app, duplicate',
        duplicateOf: appDuplicates.groups[group].filter((r) => r !== i),
        ...(bestPair[i] >= 0 && { suggestion: suggestionOf(bestPair[i]) }),
      };
    }
    return {
      result: 'from app, no match',
      ...(bestFree[i] >= 0 && { suggestion: suggestionOf(bestFree[i]) }),
    };
  });
  const cleverOutcomes: CleverOutcome[] = clever.map((_, j) => {
    const group = cleverDuplicates.member[j];
    if (cleverMatchedBy[j] >= 0) return { result: 'match', appIndex: cleverMatchedBy[j] };
    if (group >= 0)
      return {
        result: 'from Clever, duplicate',
        duplicateOf: cleverDuplicates.groups[group].filter((r) => r !== j),
      };
    return { result: 'from Clever, no match' };
  });
  lap('outcomes');

  return {
    app: appOutcomes,
    clever: cleverOutcomes,
    stats: {
      appRecords: app.length,
      cleverRecords: clever.length,
      candidatePairs: compared,
      candidatesPerRecord: app.length === 0 ? 0 : compared / app.length,
      pairsScoredPerSecond: Math.round(compared / Math.max(1e-3, timingsMs.compare / 1000)),
      timingsMs,
      weights,
      counts: countOutcomes(appOutcomes, cleverOutcomes),
    },
  };
}

/** Every pair (i < j on one side), for inputs small enough that blocking would only lose recall. */
export function forEachPair(leftSize: number, rightSize: number, sameSide: boolean, visit: VisitPair): void {
  for (let i = 0; i < leftSize; i++) {
    for (let j = sameSide ? i + 1 : 0; j < rightSize; j++) visit(i, j);
  }
}

/**
 * Pairs whose left key list and right key list share a key, each visited once. A key held by more than
 * `maxBlock(key)` right records (a word like "county" in every school's name) is skipped; other keys
 * still meet. Left and right may be keyed differently (an app record with a translated teacher needs only
 * its teacher key, while every Clever record is indexed under all of its keys).
 */
export function forEachPairSharingKey<T>(
  left: readonly T[],
  right: readonly T[],
  sameSide: boolean,
  keys: { left: (record: T) => readonly string[]; right: (record: T) => readonly string[] },
  maxBlock: (key: string) => number,
  visit: VisitPair,
): void {
  const index = new Map<string, number[]>();
  right.forEach((record, j) => {
    for (const key of keys.right(record)) {
      const block = index.get(key);
      if (block) block.push(j);
      else index.set(key, [j]);
    }
  });
  const seenBy = new Int32Array(right.length).fill(-1);
  left.forEach((record, i) => {
    for (const key of keys.left(record)) {
      const block = index.get(key);
      if (!block || block.length > maxBlock(key)) continue;
      for (const j of block) {
        if (seenBy[j] === i || (sameSide && j <= i)) continue;
        seenBy[j] = i;
        visit(i, j);
      }
    }
  });
}
