// Reads a Matchmaker-format RESULT.csv back into per-row decisions for scoring. Streams the file, so the
// million-row benchmark results can be scored without holding the text.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { MatchmakerResult } from '../match/types.ts';
import type { AppDecision, CleverDecision } from './score.ts';

export interface ResultDecisions {
  app: AppDecision[];
  clever: CleverDecision[];
}

/** App rows are those with the app id filled; the rest are Clever rows (unmatched or duplicate). */
export async function readResultFile(path: string, idColumn: string): Promise<ResultDecisions> {
  const app: AppDecision[] = [];
  const clever: CleverDecision[] = [];
  let columns: { appId: number; cleverId: number; result: number; suggested: number } | undefined;
  const parser = createReadStream(path).pipe(parse({ skip_empty_lines: true }));
  for await (const row of parser as AsyncIterable<string[]>) {
    if (!columns) {
      const column = (name: string) => {
        const index = row.indexOf(name);
        if (index < 0) throw new Error(`${path} has no "${name}" column`);
        return index;
      };
      columns = {
        appId: column(`app.${idColumn}`),
        cleverId: column('clever.id'),
        result: column('matchmaker_results'),
        suggested: row.indexOf('suggested.clever.id'),
      };
      continue;
    }
    const result = row[columns.result] as MatchmakerResult;
    const appId = row[columns.appId];
    if (appId) {
      app.push({
        appId,
        result,
        cleverId: row[columns.cleverId],
        suggestedCleverId: columns.suggested >= 0 ? row[columns.suggested] : '',
      });
    } else clever.push({ cleverId: row[columns.cleverId], result });
  }
  return { app, clever };
}
