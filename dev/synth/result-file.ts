// Reads a Matchmaker-format RESULT.csv back into per-row decisions for scoring, through the same
// streaming result reader the CLI uses for earlier results, so million-row benchmark results are scored
// without holding the text.
import { readResultRows } from '../../lib/match/result-file.ts';
import type { AppDecision, CleverDecision } from './score.ts';

export interface ResultDecisions {
  app: AppDecision[];
  clever: CleverDecision[];
}

/** App rows are those with the app id filled; the rest are Clever rows (unmatched or duplicate). */
export async function readResultFile(path: string, idColumn: string): Promise<ResultDecisions> {
  const app: AppDecision[] = [];
  const clever: CleverDecision[] = [];
  for await (const { appId, cleverId, result, suggestedCleverId } of readResultRows(path, idColumn)) {
    if (appId) app.push({ appId, result, cleverId, suggestedCleverId });
    else clever.push({ cleverId, result });
  }
  return { app, clever };
}
