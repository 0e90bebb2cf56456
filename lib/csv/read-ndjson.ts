// Reads a Clever roster saved as NDJSON (`--clever ROSTER.ndjson`): one Clever v3.0 object per line, either
// the bare record or the `{"data":…,"uri":…}` wrapper the Data API lists use. Streamed line by line through
// the same byte checks as the CSV reader, so a 700 MB roster never becomes one string.

import { pipeline, type Readable } from 'node:stream';
import { InputError, type InputProblem } from '../errors.ts';
import { DEFAULT_INPUT_LIMITS, type InputLimits, openInputFile, TextInputGuard } from './text-input.ts';

export interface NdjsonRecord<T> {
  /** 1-based physical line of the record, for messages. */
  line: number;
  record: T;
}

export interface ReadNdjsonOptions {
  limits?: Partial<InputLimits>;
}

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const WRAPPER_KEYS = new Set(['data', 'uri', 'links']);

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * JSON.parse's message without the excerpt of the input that V8 appends ("…", "abc" is not valid JSON):
 * the excerpt is roster data and must not reach logs or users.
 */
function jsonSyntaxProblem(error: unknown): { reason: string; column?: number } {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const reason = message
    .replace(/^Unexpected token .*? is not valid JSON$/s, 'Unexpected character')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ at position \d+.*$/s, '');
  return { reason, column: position ? Number(position[1]) + 1 : undefined };
}

/** A Clever list item `{"data":{…},"uri":…}` or single response `{"data":{…},"links":[…]}` holds the record in `data`. */
function unwrap(value: JsonObject): JsonObject {
  const data = value.data;
  if (isJsonObject(data) && Object.keys(value).every((key) => WRAPPER_KEYS.has(key))) return data;
  return value;
}

function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  // Fast path: a record line starts with "{"; only lines starting with whitespace need the full check.
  return text.length === 0 || ((first === 0x20 || first === 0x09 || first === 0x0d) && text.trim() === '');
}

/**
 * Yields each record of an NDJSON roster with its line number. Blank lines are skipped; invalid JSON, a line
 * that is not a JSON object, and the byte-level problems of {@link TextInputGuard} end the iteration with an
 * InputError naming the file and line. An empty file yields nothing: whether that is an error is the caller's call.
 */
export async function* readCleverNdjson<T = JsonObject>(
  source: string | Readable,
  fileName: string,
  options: ReadNdjsonOptions = {},
): AsyncIterable<NdjsonRecord<T>> {
  const limits = { ...DEFAULT_INPUT_LIMITS, ...options.limits };
  const input = typeof source === 'string' ? await openInputFile(source, limits) : source;
  const guard = new TextInputGuard(fileName, 'NDJSON', limits);
  // Errors of either stream surface through the iteration below.
  pipeline(input, guard, () => {});

  let line = 0;
  const fail = (problem: Omit<InputProblem, 'file' | 'line'>) =>
    new InputError([{ file: fileName, line, ...problem }]);

  const parseLine = (bytes: Buffer, start: number, end: number): T | undefined => {
    line++;
    if (line === 1 && UTF8_BOM.every((byte, i) => bytes[start + i] === byte)) start += UTF8_BOM.length;
    if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
    const text = bytes.toString('utf8', start, end);
    if (isBlank(text)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const { reason, column } = jsonSyntaxProblem(error);
      throw fail({
        column,
        code: 'NDJSON_INVALID_JSON',
        message: `this line is not valid JSON (${reason}): each line must hold one complete JSON object`,
      });
    }
    if (!isJsonObject(value))
      throw fail({
        code: 'NDJSON_NOT_AN_OBJECT',
        message: `this line holds ${describeJsonValue(value)}, not a JSON object: each line must hold one Clever record object`,
      });
    return unwrap(value) as T;
  };

  // Pieces of a line that spans chunks, joined once its end arrives (joining per chunk would be quadratic).
  let carried: Buffer[] = [];
  for await (const chunk of guard as AsyncIterable<Buffer>) {
    let start = 0;
    let lineFeed = chunk.indexOf(LINE_FEED);
    if (carried.length > 0) {
      if (lineFeed === -1) {
        carried.push(chunk);
        continue;
      }
      carried.push(chunk.subarray(0, lineFeed));
      const joined = Buffer.concat(carried);
      carried = [];
      const record = parseLine(joined, 0, joined.length);
      if (record !== undefined) yield { line, record };
      start = lineFeed + 1;
      lineFeed = chunk.indexOf(LINE_FEED, start);
    }
    while (lineFeed !== -1) {
      const record = parseLine(chunk, start, lineFeed);
      if (record !== undefined) yield { line, record };
      start = lineFeed + 1;
      lineFeed = chunk.indexOf(LINE_FEED, start);
    }
    if (start < chunk.length) carried.push(chunk.subarray(start));
  }
  if (carried.length > 0) {
    const last = Buffer.concat(carried);
    const record = parseLine(last, 0, last.length);
    if (record !== undefined) yield { line, record };
  }
}
