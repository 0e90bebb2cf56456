// Reads the app's export (one row per student, teacher, … with the app's internal id) into a columnar
// table. Parsing is strict RFC 4180 (csv-parse) and streamed, so a 1,000,000-row upload never sits in
// memory as one string; every way the file can be wrong becomes an InputError that names the file, the
// line and the column, and says how to fix it.

import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CsvError, type Options, Parser } from 'csv-parse';
import { InputError, type InputProblem } from '../errors.ts';
import {
  DEFAULT_INPUT_LIMITS,
  formatBytes,
  type InputLimits,
  openInputFile,
  TextInputGuard,
} from './text-input.ts';

/** The app's file, stored by column: one string[] per column keeps 1,000,000 rows × 12 columns compact. */
export interface AppTable {
  file: string;
  /** Header names, trimmed, in file order. */
  headers: string[];
  /** Index into `headers`/`columns` of the app's internal id. */
  idColumn: number;
  rowCount: number;
  /** `columns[c][row]` is the cell of data row `row` (0-based, header excluded) in column `c`. */
  columns: string[][];
  /** `lines[row]` is the 1-based physical line where data row `row` starts, for messages. */
  lines: Uint32Array;
}

export interface ReadAppTableOptions {
  /** Header of the id column (`--id-column`); when absent the column is detected from its name. */
  idColumn?: string;
  /** Defaults: {@link DEFAULT_INPUT_LIMITS} (2 GiB per file, 1 MiB per line and per multi-line record). */
  limits?: Partial<InputLimits>;
}

/** At most this many row problems of one kind are listed; the rest are counted in one summary line. */
const MAX_LISTED_PROBLEMS = 20;
/** A column with more distinct values than this stops sharing them: ids, names and emails rarely repeat. */
const MAX_POOLED_VALUES = 1024;
/** At most this many lines are listed for one duplicated id. */
const MAX_LISTED_LINES = 10;

// Header names (lower-cased, without spaces, underscores, hyphens or dots) that hold the app's own id, most
// specific first. "SIS ID", "Student ID" and "State ID" are district identifiers, never the app's id.
const ID_COLUMN_NAMES = ['appid', 'internalid', 'userid', 'recordid', 'id'];
const ID_COLUMN_NAMES_TEXT = 'id, app_id, internal_id, user_id or record_id';

/** How specific a header is as the app's id column: its index in ID_COLUMN_NAMES, or -1 when it is none. */
export function idColumnRank(header: string): number {
  return ID_COLUMN_NAMES.indexOf(header.toLowerCase().replace(/[\s_.-]+/g, ''));
}

function quoteList(names: string[], limit = 30): string {
  const listed = names.slice(0, limit).map((name) => `"${name}"`);
  return names.length > limit ? `${listed.join(', ')} and ${names.length - limit} more` : listed.join(', ');
}

function andMore(lines: number[], limit: number): string {
  const listed = lines.slice(0, limit).join(', ');
  return lines.length > limit ? `${listed} and ${lines.length - limit} more` : listed;
}

function countLineFeeds(text: string): number {
  let count = 0;
  let at = text.indexOf('\n');
  while (at !== -1) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}

function recordLineFeeds(record: readonly string[]): number {
  let count = 0;
  for (const cell of record) if (cell.indexOf('\n') !== -1) count += countLineFeeds(cell);
  return count;
}

const isBlankRecord = (record: readonly string[]) => record.length === 1 && record[0] === '';

// A header cell that is a number, date, phone number or email address means the file starts with a data row;
// its values must then not be listed back as "headers", since they are student data. (Two simple tests
// rather than one regex with nested repetition, which would backtrack badly on a 1 MiB header cell.)
const NUMERIC_CHARACTERS = /^[\d\s/.:+-]+$/;
const looksLikeData = (cell: string) =>
  (NUMERIC_CHARACTERS.test(cell) && /\d/.test(cell)) || (cell.includes('@') && !/\s/.test(cell));

/** Thrown from csv-parse callbacks to stop parsing once the problems found make the rest meaningless. */
class ParsingStopped extends Error {}

/** Collects records into columns while csv-parse streams them, tracking physical lines and problems. */
class AppTableBuilder {
  readonly problems: InputProblem[] = [];
  private headers: string[] | undefined;
  private columns: string[][] = [];
  /** Per column, one shared copy of each value while the column has few distinct values (grade, school, …). */
  private pools: (Map<string, string> | undefined)[] = [];
  private lines = new Uint32Array(1024);
  private rowCount = 0;
  /** Physical line where the next record starts (csv-parse counts CRLF inside quotes twice, so we count). */
  private nextLine = 1;
  /** csv-parse's own line counter at the end of the last record, to translate its error positions. */
  private parserLineAtLastRecordEnd = 0;
  private blankLinesPending: number[] = [];
  private raggedRows = 0;
  private onlyBlankLinesAfterBlankHeader = true;

  constructor(
    private readonly file: string,
    private readonly maxRecordBytes: number,
  ) {}

  /** A first line with nothing on it: the rest is only inspected to tell "all blank" from "blank line above header". */
  private get headerIsBlank(): boolean {
    return this.headers?.length === 1 && this.headers[0] === '';
  }

  private problem(problem: Omit<InputProblem, 'file'>): void {
    this.problems.push({ file: this.file, ...problem });
  }

  addRecord(record: string[], parserLine: number): void {
    const line = this.nextLine;
    this.nextLine += 1 + recordLineFeeds(record);
    this.parserLineAtLastRecordEnd = parserLine;
    if (this.headers === undefined) {
      this.setHeader(record);
      return;
    }
    if (this.headerIsBlank) {
      if (!isBlankRecord(record)) this.onlyBlankLinesAfterBlankHeader = false;
      return;
    }
    if (isBlankRecord(record)) {
      // Only a 1-column file gets here: a blank line is a valid 1-cell record, and trailing ones are dropped.
      this.blankLinesPending.push(line);
      return;
    }
    this.reportBlankLinesInTheMiddle();
    this.storeRow(record, line);
  }

  private storeRow(record: string[], line: number): void {
    if (this.rowCount === this.lines.length) {
      const grown = new Uint32Array(this.lines.length * 2);
      grown.set(this.lines);
      this.lines = grown;
    }
    this.lines[this.rowCount++] = line;
    const columns = this.columns;
    const pools = this.pools;
    for (let c = 0; c < record.length; c++) {
      let cell = record[c];
      const pool = pools[c];
      if (pool !== undefined) {
        const shared = pool.get(cell);
        if (shared !== undefined) cell = shared;
        else if (pool.size < MAX_POOLED_VALUES) pool.set(cell, cell);
        else pools[c] = undefined;
      }
      columns[c].push(cell);
    }
  }

  private setHeader(record: string[]): void {
    this.headers = record.map((name) => name.trim());
    this.columns = record.map(() => []);
    this.pools = record.map(() => new Map());
    if (isBlankRecord(record)) return; // reported at the end, once we know whether anything follows
    const dataCell = this.headers.findIndex(looksLikeData);
    if (dataCell !== -1) {
      this.problem({
        line: 1,
        column: dataCell + 1,
        code: 'CSV_NO_HEADER_ROW',
        message:
          `the first line looks like a data row (column ${dataCell + 1} holds a number, date or email address), ` +
          'not a header row: add a first line that names each column, e.g. app_id,first_name,last_name,...',
      });
      throw new ParsingStopped();
    }
    if (record.length === 1) {
      const separator = [';', '\t', '|'].find((candidate) => record[0].includes(candidate));
      if (separator) {
        const name = separator === '\t' ? 'tabs' : separator === ';' ? 'semicolons (;)' : 'pipes (|)';
        this.problem({
          line: 1,
          code: 'CSV_WRONG_DELIMITER',
          message:
            `the header row has a single column and its cells are separated by ${name}, not commas: ` +
            'export the file as "CSV UTF-8 (Comma delimited)" so that columns are separated by commas',
        });
        throw new ParsingStopped();
      }
    }
  }

  /** Called by csv-parse for each record it rejects; ragged rows are collected, anything else stops parsing. */
  onParseError(error: CsvError): void {
    const code = error.code;
    const start = this.nextLine;
    if (code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
      const record = (error.record as string[] | undefined) ?? [];
      this.nextLine += 1 + recordLineFeeds(record);
      this.parserLineAtLastRecordEnd = Number(error.lines);
      if (this.headerIsBlank) {
        this.onlyBlankLinesAfterBlankHeader = false;
        return;
      }
      if (isBlankRecord(record)) {
        this.blankLinesPending.push(start);
        return;
      }
      this.reportBlankLinesInTheMiddle();
      this.reportRaggedRow(start, record.length);
      return;
    }
    if (this.headerIsBlank) {
      this.onlyBlankLinesAfterBlankHeader = false;
      this.reportBlankHeader();
      throw new ParsingStopped();
    }
    this.reportBlankLinesInTheMiddle();
    // csv-parse's line for the error, moved onto our physical line count.
    const line = start + Math.max(0, Number(error.lines) - (this.parserLineAtLastRecordEnd + 1));
    const columnIndex = typeof error.column === 'number' ? error.column : undefined;
    const column = this.columnLabel(columnIndex);
    const quoteHint =
      'wrap the whole cell in double quotes and double every quote inside it, e.g. "5\'10"" tall" for 5\'10" tall';
    switch (code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        this.problem({
          line: start,
          column,
          code: 'CSV_UNCLOSED_QUOTE',
          message:
            'a quoted cell that starts on this line is never closed, so the rest of the file was read as one cell: ' +
            'add the missing closing double quote, or if the quote is part of the text, ' +
            quoteHint,
        });
        break;
      case 'INVALID_OPENING_QUOTE':
        this.problem({
          line,
          column,
          code: 'CSV_STRAY_QUOTE',
          message: `a double quote appears inside a cell that is not quoted: ${quoteHint}`,
        });
        break;
      case 'CSV_INVALID_CLOSING_QUOTE':
      case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
        this.problem({
          line,
          column,
          code: 'CSV_TEXT_AFTER_QUOTE',
          message: `text follows the closing quote of a quoted cell: ${quoteHint}`,
        });
        break;
      case 'CSV_MAX_RECORD_SIZE':
        this.problem({
          line: start,
          code: 'CSV_RECORD_TOO_LONG',
          message:
            `the row starting on this line is longer than the ${formatBytes(this.maxRecordBytes)} limit; ` +
            'this usually means a double quote opened on this line is never closed: close it, or double it ("") if it is part of the text',
        });
        break;
      default:
        this.problem({
          line,
          column,
          code: 'CSV_MALFORMED',
          message: `the row cannot be read as CSV (${code}): check this line and export the file again as "CSV UTF-8 (Comma delimited)"`,
        });
    }
    throw new ParsingStopped();
  }

  private columnLabel(index: number | undefined): number | string | undefined {
    if (index === undefined) return undefined;
    const name = this.headers?.[index];
    return name ? name : index + 1;
  }

  private reportRaggedRow(line: number, found: number): void {
    this.raggedRows++;
    if (this.raggedRows > MAX_LISTED_PROBLEMS) return;
    const expected = this.headers?.length ?? 0;
    this.problem({
      line,
      code: 'CSV_RAGGED_ROW',
      message:
        `this row has ${found} ${found === 1 ? 'column' : 'columns'} but the header has ${expected}: ` +
        `${found > expected ? 'quote cells that contain commas' : 'add the missing cells (empty ones are fine)'}, ` +
        'so that every row has exactly one cell per header column',
    });
  }

  private reportBlankHeader(): void {
    this.problem(
      this.onlyBlankLinesAfterBlankHeader
        ? {
            code: 'CSV_ONLY_BLANK_LINES',
            message:
              'the file contains only blank lines: export the records again, with a header row and one row per record',
          }
        : {
            line: 1,
            code: 'CSV_BLANK_HEADER_ROW',
            message:
              'the first line is blank, but it must be the header row: delete the blank lines above the header',
          },
    );
  }

  private reportBlankLinesInTheMiddle(): void {
    for (const line of this.blankLinesPending)
      this.problem({
        line,
        code: 'CSV_BLANK_LINE',
        message: 'this line is blank but rows follow it: delete the blank line',
      });
    this.blankLinesPending = [];
  }

  finish(requestedIdColumn: string | undefined, bytesRead: number): AppTable {
    const headers = this.headers;
    if (headers === undefined) {
      this.problem({
        code: 'CSV_EMPTY_FILE',
        message:
          bytesRead === 0
            ? 'the file is empty: export the records again, with a header row and one row per record'
            : 'the file contains no rows: export the records again, with a header row and one row per record',
      });
      throw new InputError(this.problems);
    }
    if (this.headerIsBlank) {
      this.reportBlankHeader();
      throw new InputError(this.problems);
    }
    if (this.raggedRows > MAX_LISTED_PROBLEMS)
      this.problem({
        code: 'CSV_RAGGED_ROW',
        message: `and ${this.raggedRows - MAX_LISTED_PROBLEMS} more rows have the wrong number of columns`,
      });
    // Trailing blank lines were never followed by a row: they are the usual end-of-file newlines, not data.
    this.blankLinesPending = [];

    this.checkHeaderNames(headers);
    if (this.rowCount === 0 && this.raggedRows === 0) {
      this.problem({
        line: 2,
        code: 'CSV_NO_DATA_ROWS',
        message: 'the file has a header row but no data rows: export it again including the records',
      });
    }
    const idColumn = this.resolveIdColumn(headers, requestedIdColumn);
    if (idColumn !== undefined) this.checkIds(headers, idColumn);
    if (this.problems.length > 0) throw new InputError(this.problems);

    return {
      file: this.file,
      headers,
      idColumn: idColumn as number,
      rowCount: this.rowCount,
      columns: this.columns,
      lines: this.lines.slice(0, this.rowCount),
    };
  }

  private checkHeaderNames(headers: string[]): void {
    const firstByName = new Map<string, number>();
    headers.forEach((name, index) => {
      if (name === '') {
        this.problem({
          line: 1,
          column: index + 1,
          code: 'CSV_BLANK_HEADER',
          message: `column ${index + 1} has no name in the header row: give it a name, or delete the column if it is empty`,
        });
        return;
      }
      const key = name.toLowerCase();
      const first = firstByName.get(key);
      if (first === undefined) {
        firstByName.set(key, index);
        return;
      }
      this.problem({
        line: 1,
        column: index + 1,
        code: 'CSV_DUPLICATE_HEADER',
        message:
          `columns ${first + 1} ("${headers[first]}") and ${index + 1} ("${name}") have the same name: ` +
          'rename one of them, or delete the duplicate column',
      });
    });
  }

  private resolveIdColumn(headers: string[], requested: string | undefined): number | undefined {
    if (requested !== undefined) {
      const exact = headers.indexOf(requested);
      if (exact !== -1) return exact;
      const wanted = requested.trim().toLowerCase();
      const loose = headers.findIndex((name) => name.toLowerCase() === wanted);
      if (loose !== -1) return loose;
      this.problem({
        line: 1,
        code: 'CSV_ID_COLUMN_NOT_FOUND',
        message:
          `there is no column named "${requested}" (the id column you asked for). ` +
          `The header row has: ${quoteList(headers)}. Pass one of these names as --id-column`,
      });
      return undefined;
    }
    let best: number[] = [];
    let bestRank = ID_COLUMN_NAMES.length;
    headers.forEach((name, index) => {
      const rank = idColumnRank(name);
      if (rank === -1 || rank > bestRank) return;
      if (rank < bestRank) {
        bestRank = rank;
        best = [];
      }
      best.push(index);
    });
    if (best.length === 1) return best[0];
    if (best.length > 1) {
      this.problem({
        line: 1,
        code: 'CSV_AMBIGUOUS_ID_COLUMN',
        message:
          `several columns could hold the internal id (${quoteList(best.map((i) => headers[i]))}): ` +
          'pass --id-column with the name of the one to use',
      });
      return undefined;
    }
    this.problem({
      line: 1,
      code: 'CSV_NO_ID_COLUMN',
      message:
        `no column holds the app's internal id (looked for a header named ${ID_COLUMN_NAMES_TEXT}). ` +
        `The header row has: ${quoteList(headers)}. Pass --id-column with the name of the column that holds your internal ids`,
    });
    return undefined;
  }

  private checkIds(headers: string[], idColumn: number): void {
    const ids = this.columns[idColumn];
    const column = headers[idColumn];
    const firstRowById = new Map<string, number>();
    const duplicateRows = new Map<number, number[]>();
    const emptyLines: number[] = [];
    for (let row = 0; row < this.rowCount; row++) {
      const id = ids[row].trim();
      if (id === '') {
        emptyLines.push(this.lines[row]);
        continue;
      }
      const first = firstRowById.get(id);
      if (first === undefined) firstRowById.set(id, row);
      else {
        const repeats = duplicateRows.get(first);
        if (repeats) repeats.push(this.lines[row]);
        else duplicateRows.set(first, [this.lines[row]]);
      }
    }
    for (const line of emptyLines.slice(0, MAX_LISTED_PROBLEMS))
      this.problem({
        line,
        column,
        code: 'CSV_EMPTY_ID',
        message: 'the id cell is empty: every row needs the internal id of its record',
      });
    if (emptyLines.length > MAX_LISTED_PROBLEMS)
      this.problem({
        column,
        code: 'CSV_EMPTY_ID',
        message: `and ${emptyLines.length - MAX_LISTED_PROBLEMS} more rows have an empty id cell`,
      });
    let listed = 0;
    for (const [firstRow, lines] of duplicateRows) {
      if (++listed > MAX_LISTED_PROBLEMS) break;
      this.problem({
        line: this.lines[firstRow],
        column,
        code: 'CSV_DUPLICATE_ID',
        message:
          `the id on this line is also used on line${lines.length === 1 ? '' : 's'} ${andMore(lines, MAX_LISTED_LINES)}: ` +
          'ids must be unique, so fix the id or remove the duplicate rows',
      });
    }
    if (duplicateRows.size > MAX_LISTED_PROBLEMS)
      this.problem({
        column,
        code: 'CSV_DUPLICATE_ID',
        message: `and ${duplicateRows.size - MAX_LISTED_PROBLEMS} more ids are used on more than one row`,
      });
  }
}

/**
 * A csv-parse stream that hands each record straight to the builder instead of queueing it as a stream
 * chunk: that halves the parse time at 1,000,000 rows and keeps records in step with `on_skip` errors.
 */
class AppTableParser extends Parser {
  constructor(
    private readonly builder: AppTableBuilder,
    options: Options,
  ) {
    super(options);
  }

  override push(record: unknown): boolean {
    if (record === null) return super.push(null);
    if (this.destroyed) return false;
    try {
      this.builder.addRecord(record as string[], this.info.lines);
    } catch (error) {
      // Thrown here it would escape csv-parse and the stream machinery as an uncaught exception.
      this.destroy(error as Error);
      return false;
    }
    return true;
  }
}

function resolveLimits(limits: Partial<InputLimits> | undefined): InputLimits {
  return { ...DEFAULT_INPUT_LIMITS, ...limits };
}

/** Reads and validates the app's CSV file from disk (see {@link readAppTableFromStream}). */
export async function readAppTable(path: string, options: ReadAppTableOptions = {}): Promise<AppTable> {
  const stream = await openInputFile(path, resolveLimits(options.limits));
  return readAppTableFromStream(stream, basename(path), options);
}

/**
 * Reads and validates an app CSV from a stream (e.g. an S3 object body) without holding the file in memory
 * as text. Rejects with an InputError listing every problem found (ragged rows, duplicate ids, … up to
 * 20 of each kind); stream failures that are not the file's fault are rethrown as they are.
 */
export async function readAppTableFromStream(
  stream: Readable,
  fileName: string,
  options: ReadAppTableOptions = {},
): Promise<AppTable> {
  const limits = resolveLimits(options.limits);
  const guard = new TextInputGuard(fileName, 'CSV', limits);
  const builder = new AppTableBuilder(fileName, limits.maxLineBytes);
  const parser = new AppTableParser(builder, {
    bom: true,
    relax_column_count: false,
    relax_quotes: false,
    // Both, explicitly: auto-detection locks onto the first line's ending and would fold a later lone LF into a cell.
    record_delimiter: ['\r\n', '\n'],
    max_record_size: limits.maxLineBytes,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) builder.onParseError(error);
      return undefined;
    },
  });
  parser.resume();
  try {
    await pipeline(stream, guard, parser);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof ParsingStopped) throw new InputError(builder.problems);
    throw error;
  }
  return builder.finish(options.idColumn, guard.bytesSeen);
}
