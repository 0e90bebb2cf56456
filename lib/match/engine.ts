// The people-matching engine: normalise → block → compare → learn weights (unsupervised) → score →
// find duplicates on each side → assign one-to-one → classify into the five Matchmaker outcomes.

import { mulberry32 } from '../random.ts';
import { assignOneToOne, duplicateGroups, groupMembership } from './assign.ts';
import { type CandidatePairs, candidatePairs } from './blocking.ts';
import { PairComparer } from './compare.ts';
import { EvidenceWriter } from './evidence.ts';
import { describeWeights, estimateM, estimateU, weightTable } from './model.ts';
import { countOutcomes } from './outcomes.ts';
import { createLexicons, type Lexicons, type PreparedPeople, preparePeople } from './prepare.ts';
import { AutoMatchGuard, PairScorer, SiblingIndex } from './scoring.ts';
import type {
  AppOutcome,
  CleverOutcome,
  MatchOptions,
  MatchProgress,
  MatchResult,
  PersonFields,
  Suggestion,
} from './types.ts';

/** Chosen on FEBRL4 and synthetic districts for precision ≥ 0.999 on `match` rows. */
export const DEFAULT_MATCH_THRESHOLD = 0.995;
export const DEFAULT_REVIEW_THRESHOLD = 0.2;
const RANDOM_PAIRS = 200_000;
/** EM learns from the candidates of a sample of app records holding about this many pairs. */
const EM_PAIRS = 1_000_000;
/** A match must beat any strong rival by 2^5 = 32× in likelihood ratio. */
const MARGIN_BITS = 5;
const PROGRESS_EVERY = 100_000;

/** log2 of the odds of a probability, clamped away from 0 and 1. */
export function logOdds(probability: number): number {
  const p = Math.min(Math.max(probability, 1e-12), 1 - 1e-12);
  return Math.log2(p / (1 - p));
}

class PhaseClock {
  readonly timingsMs: Record<string, number> = {};
  private started = performance.now();

  constructor(private readonly onProgress?: (progress: MatchProgress) => void) {}

  report(phase: string, done: number, total: number): void {
    this.onProgress?.({ phase, done, total });
  }

  reporter(phase: string, total: number): ((done: number) => void) | undefined {
    return this.onProgress ? (done) => this.report(phase, done, total) : undefined;
  }

  end(phase: string): number {
    const now = performance.now();
    const elapsed = now - this.started;
    this.timingsMs[phase] = Math.round((this.timingsMs[phase] ?? 0) + elapsed);
    this.started = now;
    return elapsed;
  }
}

function comparePairs(
  comparer: PairComparer,
  pairs: CandidatePairs,
  clock: PhaseClock,
  phase: string,
): Int32Array {
  const patterns = new Int32Array(pairs.count);
  for (let p = 0; p < pairs.count; p++) {
    patterns[p] = comparer.pattern(pairs.left[p], pairs.right[p]);
    if ((p + 1) % PROGRESS_EVERY === 0) clock.report(phase, p + 1, pairs.count);
  }
  return patterns;
}

function randomPatterns(comparer: PairComparer, leftSize: number, rightSize: number): Int32Array {
  if (leftSize === 0 || rightSize === 0) return new Int32Array(0);
  const random = mulberry32(0x5eed);
  const patterns = new Int32Array(Math.min(RANDOM_PAIRS, leftSize * rightSize));
  for (let s = 0; s < patterns.length; s++) {
    patterns[s] = comparer.pattern(Math.floor(random() * leftSize), Math.floor(random() * rightSize));
  }
  return patterns;
}

interface Model {
  scorer: PairScorer;
  guard: AutoMatchGuard;
  /** log2 of the prior odds that a candidate pair is a match. */
  priorBits: number;
  /** Minimum total Bayes factor (bits) of a `match`. */
  matchScore: number;
  reviewScore: number;
  matchThreshold: number;
}

/**
 * Share of records assumed to have a duplicate on the same side: duplicates are far rarer than
 * cross-side matches, so a same-side pair needs correspondingly more evidence.
 */
const EXPECTED_DUPLICATE_SHARE = 0.01;

/** Duplicate groups within one side, scored with the cross-side model. */
function findDuplicates(
  side: PreparedPeople,
  lexicons: Lexicons,
  model: Model,
  clock: PhaseClock,
  phase: string,
  uniqueIdentifiers: boolean,
): { groups: number[][]; member: Int32Array } {
  const pairs = candidatePairs(side, side, lexicons, { uniqueIdentifiers });
  const comparer = new PairComparer(lexicons, side, side);
  const lambda = Math.min(0.5, (EXPECTED_DUPLICATE_SHARE * side.size) / Math.max(1, pairs.count));
  const duplicateScore = logOdds(model.matchThreshold) - logOdds(lambda);
  const guard = new AutoMatchGuard(null);
  const linked = new Uint8Array(pairs.count);
  for (let p = 0; p < pairs.count; p++) {
    // Most same-side candidates are classmates sharing a birthday and initials: the strict guard
    // rejects any name disagreement, so those need no full comparison.
    if (comparer.namesDiffer(pairs.left[p], pairs.right[p])) continue;
    const pattern = comparer.pattern(pairs.left[p], pairs.right[p]);
    linked[p] =
      guard.allows(pattern) && model.scorer.score(pattern, side, pairs.left[p]) >= duplicateScore ? 1 : 0;
    if ((p + 1) % PROGRESS_EVERY === 0) clock.report(phase, p + 1, pairs.count);
  }
  const groups = duplicateGroups(side.size, pairs.left, pairs.right, linked);
  return { groups, member: groupMembership(side.size, groups) };
}

export function matchPeople(app: PersonFields[], clever: PersonFields[], options: MatchOptions): MatchResult {
  const clock = new PhaseClock(options.onProgress);
  const matchThreshold = options.matchThreshold ?? DEFAULT_MATCH_THRESHOLD;
  const reviewThreshold = options.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD;
  const currentYear = new Date().getUTCFullYear();

  const lexicons = createLexicons();
  const appSide = preparePeople(app, lexicons, currentYear, clock.reporter('prepare app', app.length));
  const cleverSide = preparePeople(
    clever,
    lexicons,
    currentYear,
    clock.reporter('prepare clever', clever.length),
  );
  clock.end('prepare');

  const pairs = candidatePairs(appSide, cleverSide, lexicons, {
    onProgress: (scheme, done, total) => clock.report(`blocking: ${scheme}`, done, total),
  });
  clock.end('blocking');

  const comparer = new PairComparer(lexicons, appSide, cleverSide);
  const patterns = comparePairs(comparer, pairs, clock, 'compare');
  const compareMs = clock.end('compare');

  const u = estimateU(randomPatterns(comparer, appSide.size, cleverSide.size));
  const expectedMatches = Math.min(appSide.size, cleverSide.size);
  const lambda = Math.min(0.9, Math.max(1e-6, expectedMatches / Math.max(1, pairs.count)));
  const emStride = Math.max(1, Math.ceil(pairs.count / EM_PAIRS));
  const m = estimateM(patterns, pairs.left, u, lambda, emStride);
  const weights = weightTable(m, u);
  const priorBits = logOdds(lambda);
  const model: Model = {
    scorer: new PairScorer(weights, m, lexicons.names.size, [appSide, cleverSide]),
    guard: new AutoMatchGuard(m, new SiblingIndex(lexicons.names, appSide, cleverSide)),
    priorBits,
    matchScore: logOdds(matchThreshold) - priorBits,
    reviewScore: logOdds(reviewThreshold) - priorBits,
    matchThreshold,
  };
  clock.end('learn');

  const scores = new Float32Array(pairs.count);
  for (let p = 0; p < pairs.count; p++) {
    scores[p] = model.scorer.score(patterns[p], appSide, pairs.left[p]);
    if ((p + 1) % PROGRESS_EVERY === 0) clock.report('score', p + 1, pairs.count);
  }
  const scoreMs = clock.end('score');

  const appDuplicates = findDuplicates(appSide, lexicons, model, clock, 'duplicates app', false);
  // Clever ids and usernames are unique within a district, so they cannot reveal roster duplicates.
  const cleverDuplicates = findDuplicates(cleverSide, lexicons, model, clock, 'duplicates clever', true);
  clock.end('duplicates');

  const eligible = new Uint8Array(pairs.count);
  for (let p = 0; p < pairs.count; p++) {
    // An app duplicate group may still match through one representative (its best pair); a roster
    // duplicate never does: which Clever record is the real one is for the district to decide.
    eligible[p] =
      cleverDuplicates.member[pairs.right[p]] < 0 &&
      model.guard.allows(patterns[p], pairs.left[p], pairs.right[p])
        ? 1
        : 0;
  }
  const matchedPair = assignOneToOne({
    left: pairs.left,
    right: pairs.right,
    scores,
    eligible,
    leftSize: appSide.size,
    rightSize: cleverSide.size,
    matchScore: model.matchScore,
    rivalScore: model.reviewScore,
    marginBits: MARGIN_BITS,
    leftGroup: appDuplicates.member,
  });
  clock.end('assign');

  const confidence = (score: number) => 1 / (1 + 2 ** -(score + priorBits));
  const evidenceWriter = new EvidenceWriter(options.type, comparer);
  const evidence = (p: number) => evidenceWriter.describe(patterns[p], pairs.left[p], pairs.right[p]);
  const cleverMatchedBy = new Int32Array(cleverSide.size).fill(-1);
  for (let i = 0; i < appSide.size; i++)
    if (matchedPair[i] >= 0) cleverMatchedBy[pairs.right[matchedPair[i]]] = i;

  const appOutcomes: AppOutcome[] = new Array(appSide.size);
  let cursor = 0;
  for (let i = 0; i < appSide.size; i++) {
    const from = cursor;
    while (cursor < pairs.count && pairs.left[cursor] === i) cursor++;
    const matched = matchedPair[i];
    if (matched >= 0) {
      appOutcomes[i] = {
        result: 'match',
        cleverIndex: pairs.right[matched],
        confidence: confidence(scores[matched]),
        evidence: evidence(matched),
      };
      continue;
    }
    const group = appDuplicates.member[i];
    // A duplicate gets its best candidate whatever the score; a plain non-match only a free, plausible one.
    let best = -1;
    for (let p = from; p < cursor; p++) {
      if (best >= 0 && scores[p] <= scores[best]) continue;
      if (group < 0 && (scores[p] < model.reviewScore || cleverMatchedBy[pairs.right[p]] >= 0)) continue;
      best = p;
    }
    const suggestion: Suggestion | undefined =
      best < 0
        ? undefined
        : { cleverIndex: pairs.right[best], confidence: confidence(scores[best]), evidence: evidence(best) };
    appOutcomes[i] =
      group >= 0
        ? {
            result: 'from app, duplicate',
            duplicateOf: appDuplicates.groups[group].filter((r) => r !== i),
            ...(suggestion && { suggestion }),
          }
        : { result: 'from app, no match', ...(suggestion && { suggestion }) };
  }

  const cleverOutcomes: CleverOutcome[] = new Array(cleverSide.size);
  for (let j = 0; j < cleverSide.size; j++) {
    const group = cleverDuplicates.member[j];
    if (cleverMatchedBy[j] >= 0) cleverOutcomes[j] = { result: 'match', appIndex: cleverMatchedBy[j] };
    else if (group >= 0)
      cleverOutcomes[j] = {
        result: 'from Clever, duplicate',
        duplicateOf: cleverDuplicates.groups[group].filter((r) => r !== j),
      };
    else cleverOutcomes[j] = { result: 'from Clever, no match' };
  }
  clock.end('outcomes');

  return {
    app: appOutcomes,
    clever: cleverOutcomes,
    stats: {
      appRecords: appSide.size,
      cleverRecords: cleverSide.size,
      candidatePairs: pairs.count,
      candidatesPerRecord: appSide.size === 0 ? 0 : pairs.count / appSide.size,
      pairsScoredPerSecond: Math.round(pairs.count / Math.max(1e-3, (compareMs + scoreMs) / 1000)),
      timingsMs: clock.timingsMs,
      weights: describeWeights(weights),
      counts: countOutcomes(appOutcomes, cleverOutcomes),
    },
  };
}
