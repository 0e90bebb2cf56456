// Scores a matcher's decisions on app rows against the synthetic truth. The same scorer serves the engine
// (decisions read back from RESULT.csv) and the cascade baseline, so their numbers are comparable.
import type { MatchmakerResult } from '../../lib/match/types.ts';

export interface TruthSets {
  /** App id → Clever id of the same person, or null when only the app has the person. */
  truth: ReadonlyMap<string, string | null>;
  /** Duplicate app id → the app id it duplicates. */
  duplicateOf: ReadonlyMap<string, string>;
  /** Duplicate Clever id → the Clever id of the same person's first record. */
  cleverDuplicates: ReadonlyMap<string, string>;
  /** App id → noise tags, for the error breakdown. */
  noise?: ReadonlyMap<string, readonly string[]>;
}

export interface AppDecision {
  appId: string;
  result: MatchmakerResult;
  /** The matched Clever id (for `match`), else "". */
  cleverId: string;
  /** The review-band suggestion, else "". */
  suggestedCleverId: string;
}

export interface CleverDecision {
  cleverId: string;
  result: MatchmakerResult;
}

export interface Score {
  appRows: number;
  matches: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  /** App rows left unmatched with a suggestion (the review band) and how many point at the right person. */
  suggestions: number;
  correctSuggestions: number;
  /** App rows flagged `from app, duplicate`, and how many of them really are in a duplicate group. */
  appDuplicatesFlagged: number;
  appDuplicatesFlaggedCorrectly: number;
  appDuplicateRows: number;
  /** App rows not counted as missed because Clever holds their person twice and flagged it as duplicate. */
  excusedForCleverDuplicates: number;
  /** Clever rows flagged `from Clever, duplicate`, and how many of them really are one person twice. */
  cleverDuplicatesFlagged: number;
  cleverDuplicatesFlaggedCorrectly: number;
  cleverDuplicateRows: number;
  /** Noise tag ("clean" for rows without any) → false positives and false negatives among rows carrying it. */
  errorsByNoise: Record<string, { falsePositives: number; falseNegatives: number }>;
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : part / whole);

/** Every id of a duplicate → original map, duplicates and originals alike. */
function groupMembers(duplicates: ReadonlyMap<string, string>): Set<string> {
  return new Set([...duplicates.keys(), ...duplicates.values()]);
}

/**
 * Counts a `match` as correct when it names the true person (either of a person's Clever records). An app
 * row whose person is on the roster and that is not correctly matched is a false negative, except a row
 * of a duplicate group that the matcher flagged `from app, duplicate`, and a row left unmatched whose
 * person Clever holds twice when the matcher flagged those Clever records `from Clever, duplicate`.
 */
export function scoreDecisions(
  truth: TruthSets,
  app: readonly AppDecision[],
  clever: readonly CleverDecision[] = [],
): Score {
  const person = (cleverId: string) => truth.cleverDuplicates.get(cleverId) ?? cleverId;
  const inAppDuplicateGroup = groupMembers(truth.duplicateOf);
  const inCleverDuplicateGroup = groupMembers(truth.cleverDuplicates);

  const score: Score = {
    appRows: app.length,
    matches: 0,
    truePositives: 0,
    falsePositives: 0,
    falseNegatives: 0,
    precision: 0,
    recall: 0,
    f1: 0,
    suggestions: 0,
    correctSuggestions: 0,
    appDuplicatesFlagged: 0,
    appDuplicatesFlaggedCorrectly: 0,
    appDuplicateRows: inAppDuplicateGroup.size,
    cleverDuplicatesFlagged: 0,
    cleverDuplicatesFlaggedCorrectly: 0,
    cleverDuplicateRows: inCleverDuplicateGroup.size,
    excusedForCleverDuplicates: 0,
    errorsByNoise: {},
  };
  const countError = (appId: string, kind: 'falsePositives' | 'falseNegatives') => {
    const tags = truth.noise?.get(appId);
    for (const tag of tags?.length ? tags : ['clean']) {
      score.errorsByNoise[tag] ??= { falsePositives: 0, falseNegatives: 0 };
      score.errorsByNoise[tag][kind]++;
    }
  };

  // People whose Clever records the matcher flagged as duplicates: it saw the ambiguity instead of guessing.
  const flaggedCleverPeople = new Set<string>();
  for (const decision of clever) {
    if (decision.result !== 'from Clever, duplicate') continue;
    score.cleverDuplicatesFlagged++;
    if (inCleverDuplicateGroup.has(decision.cleverId)) {
      score.cleverDuplicatesFlaggedCorrectly++;
      flaggedCleverPeople.add(person(decision.cleverId));
    }
  }

  for (const decision of app) {
    const trueId = truth.truth.get(decision.appId);
    if (trueId === undefined) throw new Error(`app id "${decision.appId}" is not in the truth`);
    const truePerson = trueId === null ? null : person(trueId);
    if (decision.suggestedCleverId) {
      score.suggestions++;
      if (person(decision.suggestedCleverId) === truePerson) score.correctSuggestions++;
    }
    if (decision.result === 'from app, duplicate') {
      score.appDuplicatesFlagged++;
      if (inAppDuplicateGroup.has(decision.appId)) score.appDuplicatesFlaggedCorrectly++;
    }
    if (decision.result === 'match') {
      score.matches++;
      if (truePerson !== null && person(decision.cleverId) === truePerson) score.truePositives++;
      else {
        score.falsePositives++;
        countError(decision.appId, 'falsePositives');
        // A wrong match also leaves the real person unmatched.
        if (truePerson !== null) {
          score.falseNegatives++;
          countError(decision.appId, 'falseNegatives');
        }
      }
      continue;
    }
    if (truePerson === null) continue;
    if (decision.result === 'from app, duplicate' && inAppDuplicateGroup.has(decision.appId)) continue;
    if (flaggedCleverPeople.has(truePerson)) {
      score.excusedForCleverDuplicates++;
      continue;
    }
    score.falseNegatives++;
    countError(decision.appId, 'falseNegatives');
  }
  score.precision = ratio(score.truePositives, score.truePositives + score.falsePositives);
  score.recall = ratio(score.truePositives, score.truePositives + score.falseNegatives);
  score.f1 = (2 * score.precision * score.recall) / (score.precision + score.recall || 1);
  return score;
}
