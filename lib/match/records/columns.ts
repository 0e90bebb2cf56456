// Header auto-mapping for record types whose fields are not a person's (schools, sections). It follows
// lib/match/headers.ts: headers are folded (lower case, letters and digits, "#" read as "number") and
// looked up in a synonym table; `--map "Column=field"` overrides or adds. Each record type supplies its own
// vocabulary; the mechanics live here once so schools and sections map columns the same way.

import { InputError, type InputProblem } from '../../errors.ts';
import { normalizeText } from '../normalize.ts';

export interface RecordVocabulary<F extends string> {
  /** The record type, for messages ("school", "section"). */
  type: string;
  /** `--map` field names (Clever spelling) → field. */
  mapFieldNames: Readonly<Record<string, F>>;
  /** Folded header spellings per field. */
  synonyms: Readonly<Record<F, readonly string[]>>;
  /** Folded prefixes stripped before lookup ("school", "section"), so "School Name" needs no entry of its own. */
  prefixes: readonly string[];
  /** Fields that several columns may feed (e.g. one column per teacher). */
  multiColumn: readonly F[];
  /** Fields of which at least one must be present, else the file cannot be matched. */
  required: readonly F[];
  /** Field → name printed in summaries and the report. */
  label: (field: F) => string;
}

export interface RecordColumnMapping<F extends string> {
  columns: Map<number, F>;
  fields: Map<F, number[]>;
}

export const foldHeader = (header: string): string =>
  normalizeText(header.replace(/#/g, ' number ')).replace(/ /g, '');

function detect<F extends string>(header: string, vocabulary: RecordVocabulary<F>): F | undefined {
  const folded = foldHeader(header);
  const candidates = [folded];
  for (const prefix of vocabulary.prefixes) {
    if (folded.startsWith(prefix) && folded.length > prefix.length)
      candidates.push(folded.slice(prefix.length));
  }
  for (const candidate of candidates) {
    for (const [field, spellings] of Object.entries(vocabulary.synonyms) as [F, readonly string[]][]) {
      if (spellings.includes(candidate)) return field;
    }
  }
  return undefined;
}

/** Parses `--map "App Column=field,…"`; `-` or `ignore` unmaps a detected column. */
export function parseRecordMapOption<F extends string>(
  spec: string,
  vocabulary: RecordVocabulary<F>,
): Map<string, F | null> {
  const overrides = new Map<string, F | null>();
  const problems: InputProblem[] = [];
  for (const part of spec.split(',')) {
    if (!part.trim()) continue;
    const eq = part.lastIndexOf('=');
    if (eq <= 0) {
      problems.push({
        file: '--map',
        code: 'MAP_SYNTAX',
        message: `"${part.trim()}" is not of the form "Column Name=field" (e.g. --map "Building=name")`,
      });
      continue;
    }
    const column = part.slice(0, eq).trim();
    const fieldName = part
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (fieldName === '-' || fieldName === 'ignore') {
      overrides.set(column, null);
      continue;
    }
    const field = vocabulary.mapFieldNames[fieldName];
    if (!field) {
      problems.push({
        file: '--map',
        code: 'MAP_UNKNOWN_FIELD',
        message: `unknown ${vocabulary.type} field "${fieldName}" for column "${column}"; use one of: ${Object.keys(vocabulary.mapFieldNames).join(', ')}, or "ignore"`,
      });
      continue;
    }
    overrides.set(column, field);
  }
  if (problems.length) throw new InputError(problems);
  return overrides;
}

/** Decides which column feeds which field; the id column is never mapped; the first column wins a field. */
export function mapRecordColumns<F extends string>(
  headers: string[],
  vocabulary: RecordVocabulary<F>,
  idColumn: number,
  overrides: Map<string, F | null> = new Map(),
  file = 'app file',
): RecordColumnMapping<F> {
  const unknown = [...overrides.keys()].filter((name) => !headers.includes(name));
  if (unknown.length) {
    throw new InputError(
      unknown.map((name) => ({
        file,
        column: name,
        code: 'MAP_UNKNOWN_COLUMN',
        message: `--map names column "${name}", which is not in the header (${headers.map((h) => `"${h}"`).join(', ')})`,
      })),
    );
  }
  const columns = new Map<number, F>();
  const fields = new Map<F, number[]>();
  const assign = (index: number, field: F) => {
    const existing = fields.get(field);
    if (existing && !vocabulary.multiColumn.includes(field)) return;
    columns.set(index, field);
    fields.set(field, [...(existing ?? []), index]);
  };
  headers.forEach((header, index) => {
    const override = overrides.get(header);
    if (override) assign(index, override);
  });
  headers.forEach((header, index) => {
    if (index === idColumn || overrides.has(header) || columns.has(index)) return;
    const field = detect(header, vocabulary);
    if (field) assign(index, field);
  });
  if (!vocabulary.required.some((field) => fields.has(field))) {
    const wanted = vocabulary.required.map(vocabulary.label).join(', ');
    throw new InputError([
      {
        file,
        code: 'NO_MATCHABLE_COLUMNS',
        message: `no column looks like a ${vocabulary.type} ${wanted} (headers: ${headers.map((h) => `"${h}"`).join(', ')}); name them with --map "Column=field"`,
      },
    ]);
  }
  return { columns, fields };
}

/** One line per mapped column, for the CLI summary: `"NCES School ID" → nces_id`. */
export function describeRecordMapping<F extends string>(
  headers: string[],
  mapping: RecordColumnMapping<F>,
  vocabulary: RecordVocabulary<F>,
): string[] {
  const lines: string[] = [];
  headers.forEach((header, index) => {
    const field = mapping.columns.get(index);
    if (field) lines.push(`"${header}" → ${vocabulary.label(field)}`);
  });
  const unused = headers.filter((_, index) => !mapping.columns.has(index));
  if (unused.length) lines.push(`not used for matching: ${unused.map((h) => `"${h}"`).join(', ')}`);
  return lines;
}

/** The table shape the mappers read (lib/csv/read-app-table.ts's AppTable satisfies it). */
export interface ColumnTable {
  rowCount: number;
  columns: string[][];
}

/**
 * One record per row: each mapped single-column field gets its cell; multi-column fields get every non-empty
 * cell of their columns, in column order.
 */
export function recordsFromTable<F extends string, R>(
  table: ColumnTable,
  mapping: RecordColumnMapping<F>,
  vocabulary: RecordVocabulary<F>,
  build: (single: Partial<Record<F, string>>, multi: Partial<Record<F, string[]>>) => R,
): R[] {
  const fields = [...mapping.fields];
  const records: R[] = new Array(table.rowCount);
  for (let row = 0; row < table.rowCount; row++) {
    const single: Partial<Record<F, string>> = {};
    const multi: Partial<Record<F, string[]>> = {};
    for (const [field, indexes] of fields) {
      if (vocabulary.multiColumn.includes(field))
        multi[field] = indexes.map((c) => table.columns[c][row]).filter((cell) => cell.trim() !== '');
      else single[field] = table.columns[indexes[0]][row];
    }
    records[row] = build(single, multi);
  }
  return records;
}
