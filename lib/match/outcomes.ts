// Counting the five Matchmaker outcomes, the same way everywhere: once per app row, plus once per Clever
// record that is not matched (a matched Clever record is already counted on its app row).

import type { AppOutcome, CleverOutcome, MatchmakerResult } from './types.ts';

export function countOutcomes(
  app: readonly AppOutcome[],
  clever: readonly CleverOutcome[],
): Record<MatchmakerResult, number> {
  const counts: Record<MatchmakerResult, number> = {
    match: 0,
    'from app, no match': 0,
    'from app, duplicate': 0,
    'from Clever, no match': 0,
    'from Clever, duplicate': 0,
  };
  for (const outcome of app) counts[outcome.result]++;
  for (const outcome of clever) if (outcome.result !== 'match') counts[outcome.result]++;
  return counts;
}
