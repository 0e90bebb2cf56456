// Where the match command's Clever records come from: NDJSON files (`--clever`, `--schools`, …) or a
// Clever API (`--clever-api`). Either way every record is checked for an id, and the problems of a file are
// collected (with its line numbers) rather than stopping at the first.

import { basename } from 'node:path';
import { collect } from '../async-iterables.ts';
import type { ApiSourceOptions } from '../clever/roster-from-api.ts';
import { readCleverNdjson } from '../csv/read-ndjson.ts';
import { InputError, type InputProblem } from '../errors.ts';

/** Enough problems to act on without scrolling through thousands of identical lines. */
const MAX_PROBLEMS = 20;

/** Streams the records of one NDJSON file, throwing all its problems together once the file is read. */
async function* readCleverFile<T extends { id?: unknown }>(path: string): AsyncIterable<T> {
  const file = basename(path);
  const problems: InputProblem[] = [];
  for await (const { line, record } of readCleverNdjson<T>(path, file)) {
    if (typeof record.id === 'string' && record.id) {
      yield record;
      continue;
    }
    problems.push({ file, line, code: 'CLEVER_RECORD_SHAPE', message: 'record has no "id" string' });
    if (problems.length >= MAX_PROBLEMS) break;
  }
  if (problems.length) throw new InputError(problems);
}

export interface CleverSource {
  /** NDJSON file of the records being matched (users, schools or sections). */
  file?: string;
  /** Or the API to read them from. */
  api?: ApiSourceOptions;
}

/** The records being matched: from the file when one was given, else from the API. */
export async function* readCleverRecords<T extends { id?: unknown }>(
  source: CleverSource,
  fromApi: (api: ApiSourceOptions) => AsyncIterable<T>,
): AsyncIterable<T> {
  if (source.file) yield* readCleverFile(source.file);
  else if (source.api) yield* fromApi(source.api);
}

/** Supporting records (schools, courses, terms): from their own file, else the API, else none. */
export async function readSupporting<T extends { id?: unknown }>(
  file: string | undefined,
  api: ApiSourceOptions | undefined,
  fromApi: (api: ApiSourceOptions) => AsyncIterable<T>,
): Promise<T[]> {
  if (file) return collect(readCleverFile<T>(file));
  return api ? collect(fromApi(api)) : [];
}
