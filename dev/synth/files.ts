// Writes a synthetic district as the files the CLI reads (APP.csv, ROSTER.ndjson, SCHOOLS.ndjson) plus the
// truth the evaluation scores against. The streaming writer produces a million-person roster without
// keeping the Clever side in memory: only the app lines are held, to shuffle them before writing.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CleverSchool, CleverUser } from '../../lib/clever/types.ts';
import { type AppExport, populationOf, resolveSettings, type SynthOptions } from './district.ts';
import { APP_HEADERS, type AppRecord, PeopleGenerator, type SynthPersonKind } from './people.ts';
import { Random } from './random.ts';

export const FILES = {
  app: 'app.csv',
  roster: 'roster.ndjson',
  schools: 'schools.ndjson',
  truth: 'truth.csv',
  cleverDuplicates: 'clever-duplicates.csv',
  meta: 'meta.json',
} as const;

/**
 * Bumped whenever the generator's output changes, so cached benchmark inputs (`.bench/`) made by an older
 * generator are regenerated instead of reused.
 */
export const GENERATOR_VERSION = 2;

/** One cell, quoted per RFC 4180 only when it holds a comma, double quote, CR or LF. */
export function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}

/** Buffers writes into large chunks and honours backpressure, so a million small lines stay fast. */
class ChunkedWriter {
  private buffer: string[] = [];
  private size = 0;
  private readonly stream: WriteStream;

  constructor(path: string) {
    this.stream = createWriteStream(path);
  }

  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const ok = this.stream.write(this.buffer.join(''));
    this.buffer = [];
    this.size = 0;
    if (!ok) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

export async function writeAppCsv(path: string, app: Pick<AppExport, 'headers' | 'rows'>): Promise<void> {
  const writer = new ChunkedWriter(path);
  await writer.write(csvLine(app.headers));
  for (const row of app.rows) await writer.write(csvLine(row));
  await writer.close();
}

export async function writeNdjson(path: string, records: Iterable<CleverUser | CleverSchool>): Promise<void> {
  const writer = new ChunkedWriter(path);
  for (const record of records) await writer.write(`${JSON.stringify(record)}\n`);
  await writer.close();
}

const TRUTH_HEADER = ['app_id', 'clever_id', 'duplicate_of', 'noise'];

function truthLine(record: AppRecord): string {
  return csvLine([record.appId, record.cleverId ?? '', record.duplicateOf ?? '', record.noise.join(';')]);
}

export async function writeCleverDuplicates(
  path: string,
  duplicates: ReadonlyMap<string, string>,
): Promise<void> {
  const lines = [csvLine(['clever_id', 'same_person_as'])];
  for (const [duplicate, original] of duplicates) lines.push(csvLine([duplicate, original]));
  await writeFile(path, lines.join(''));
}

/** What `readTruth` gives back: the scoring side of an `AppExport` plus Clever-side duplicates. */
export interface DistrictTruth {
  truth: Map<string, string | null>;
  duplicateOf: Map<string, string>;
  noise: Map<string, string[]>;
  cleverDuplicates: Map<string, string>;
}

/** Reads truth.csv and clever-duplicates.csv as written here (ids and tags never need CSV quoting). */
export async function readTruth(dir: string): Promise<DistrictTruth> {
  const result: DistrictTruth = {
    truth: new Map(),
    duplicateOf: new Map(),
    noise: new Map(),
    cleverDuplicates: new Map(),
  };
  const truthLines = (await readFile(join(dir, FILES.truth), 'utf8')).split('\n').slice(1);
  for (const line of truthLines) {
    if (!line) continue;
    const [appId, cleverId, duplicateOf, noise] = line.split(',');
    result.truth.set(appId, cleverId || null);
    if (duplicateOf) result.duplicateOf.set(appId, duplicateOf);
    result.noise.set(appId, noise ? noise.split(';') : []);
  }
  const duplicateLines = (await readFile(join(dir, FILES.cleverDuplicates), 'utf8')).split('\n').slice(1);
  for (const line of duplicateLines) {
    if (!line) continue;
    const [duplicate, original] = line.split(',');
    result.cleverDuplicates.set(duplicate, original);
  }
  return result;
}

export interface GeneratedFiles {
  generatorVersion: number;
  dir: string;
  app: string;
  roster: string;
  schools: string;
  /** The app's id column header (it varies with the header style). */
  idColumn: string;
  appRows: number;
  cleverRecords: number;
}

/**
 * Streams one kind of person (`options.students` of them; teachers/staff by their own counts) straight to
 * files in `dir`. Output is identical for the same options; it is not byte-identical to `generateDistrict`
 * because only one kind is drawn.
 */
export async function writeDistrictFiles(
  options: SynthOptions,
  dir: string,
  kind: SynthPersonKind = 'student',
): Promise<GeneratedFiles> {
  await mkdir(dir, { recursive: true });
  const settings = resolveSettings(options);
  const population = populationOf(options, kind);
  const headers = APP_HEADERS[kind][settings.headerStyle];
  const paths = {
    app: join(dir, FILES.app),
    roster: join(dir, FILES.roster),
    schools: join(dir, FILES.schools),
  };
  await writeNdjson(paths.schools, settings.schools);

  const generator = new PeopleGenerator(settings.people(kind, population), kind);
  const roster = new ChunkedWriter(paths.roster);
  const truth = new ChunkedWriter(join(dir, FILES.truth));
  await truth.write(csvLine(TRUTH_HEADER));
  const appLines: string[] = [];
  const cleverDuplicates = new Map<string, string>();
  let cleverRecords = 0;
  for (let i = 0; i < population; i++) {
    const batch = generator.next();
    for (const user of batch.clever) await roster.write(`${JSON.stringify(user)}\n`);
    cleverRecords += batch.clever.length;
    for (const record of batch.app) {
      appLines.push(csvLine(record.cells));
      await truth.write(truthLine(record));
    }
    for (const [duplicate, original] of batch.cleverAliases) cleverDuplicates.set(duplicate, original);
  }
  await roster.close();
  await truth.close();
  await writeCleverDuplicates(join(dir, FILES.cleverDuplicates), cleverDuplicates);

  new Random(options.seed ^ 0x5bd1e995).shuffle(appLines);
  const app = new ChunkedWriter(paths.app);
  await app.write(csvLine(headers));
  for (const line of appLines) await app.write(line);
  await app.close();

  const files: GeneratedFiles = {
    generatorVersion: GENERATOR_VERSION,
    dir,
    ...paths,
    idColumn: headers[0],
    appRows: appLines.length,
    cleverRecords,
  };
  await writeFile(join(dir, FILES.meta), `${JSON.stringify({ kind, options, ...files }, null, 2)}\n`);
  return files;
}
