// Reads a Matchmaker-format result CSV back, row by row, streamed: earlier results feed later matches
// (a section file refers to the app's teacher and student ids, translated through their results) and
// the evaluation scores results against the truth.

import { basename } from 'node:path';
import { parse } from 'csv-parse';
import { idColumnRank } from '../csv/read-app-table.ts';
import { DEFAULT_INPUT_LIMITS, openInputFile } from '../csv/text-input.ts';
import { InputError } from '../errors.ts';
import type { MatchmakerResult } from './types.ts';

export interface ResultRow {
  /** The app's own id ("" on Clever-only rows). */
  appId: string;
  cleverId: string;
  result: MatchmakerResult;
  suggestedCleverId: string;
}

/** The `app.*` column named most like an internal id, as the app reader detects its id column; -1 if none. */
function likeliestAppIdColumn(headers: readonly string[]): number {
  let best = -1;
  let bestRank = Number.POSITIVE_INFINITY;
  headers.forEach((name, index) => {
    const rank = name.startsWith('app.') ? idColumnRank(name.slice(4)) : -1;
    if (rank >= 0 && rank < bestRank) {
      best = index;
      bestRank = rank;
    }
  });
  return best;
}

/**
 * Streams the rows of a result file. `idColumn` is the app id column's name as in the app file (the
 * result holds it as `app.<name>`); without it, the `app.*` column named like an internal id is used.
 */
export async function* readResultRows(path: string, idColumn?: string): AsyncIterable<ResultRow> {
  const file = basename(path);
  const problem = (message: string) =>
    new InputError([{ file, line: 1, code: 'RESULT_FILE_COLUMNS', message }]);
  const input = await openInputFile(path, DEFAULT_INPUT_LIMITS);
  let columns: { appId: number; cleverId: number; result: number; suggested: number } | undefined;
  for await (const row of input.pipe(parse({ bom: true, skip_empty_lines: true })) as AsyncIterable<
    string[]
  >) {
    if (!columns) {
      const wanted = idColumn === undefined ? undefined : `app.${idColumn}`;
      const appId = wanted ? row.indexOf(wanted) : likeliestAppIdColumn(row);
      if (appId < 0)
        throw problem(
          wanted
            ? `has no "${wanted}" column; is this a rostermatch/Matchmaker result for that app file?`
            : 'no app.* column looks like the app id (app.id, app.app_id, …); name it with the id column option',
        );
      const cleverId = row.indexOf('clever.id');
      const result = row.indexOf('matchmaker_results');
      if (cleverId < 0 || result < 0)
        throw problem('is not a Matchmaker result: it needs the columns clever.id and matchmaker_results');
      columns = { appId, cleverId, result, suggested: row.indexOf('suggested.clever.id') };
      continue;
    }
    yield {
      appId: row[columns.appId] ?? '',
      cleverId: row[columns.cleverId] ?? '',
      result: row[columns.result] as MatchmakerResult,
      suggestedCleverId: columns.suggested >= 0 ? (row[columns.suggested] ?? '') : '',
    };
  }
}
