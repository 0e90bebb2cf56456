// One matching job from parsed inputs to a Matchmaker-format result, shared by the CLI and the
// S3-triggered match function so both produce byte-identical files for the same inputs. The writer and
// the reviewer overrides are the same for every record type; only the matcher and the Clever columns differ.

import type { Writable } from 'node:stream';
import type { AppTable } from '../csv/read-app-table.ts';
import { CsvWriter } from '../csv/write-csv.ts';
import { type CleverPeople, cleverHeaders } from './clever-people.ts';
import { matchPeople } from './engine.ts';
import { type ColumnMapping, fieldLabel, type MappableField, MULTI_COLUMN_FIELDS } from './headers.ts';
import { countOutcomes } from './outcomes.ts';
import type {
  AppOutcome,
  CleverOutcome,
  MatchmakerResult,
  MatchProgress,
  MatchResult,
  MatchStats,
  PersonFields,
  PersonType,
  RecordType,
} from './types.ts';

export const RESULT_EXTENSION_HEADERS = [
  'matchmaker_results',
  'match_confidence',
  'match_evidence',
  'suggested.clever.id',
  'suggested.match_confidence',
  'suggested.match_evidence',
] as const;

/** A reviewer's decisions on earlier suggestions, keyed by the app's own id and the Clever id. */
export interface ReviewDecisions {
  accepted: ReadonlyArray<{ appId: string; cleverId: string }>;
  rejected: ReadonlyArray<{ appId: string; cleverId: string }>;
}

/** The Clever side of a match, whatever the record type: ids and result cells, row-aligned. */
export interface CleverRecords {
  readonly ids: readonly string[];
  readonly size: number;
  row(index: number): string[];
}

export interface MatchJob {
  type: RecordType;
  app: AppTable;
  /** App header → the field it was read as, for the report. */
  mapping: Record<string, string>;
  cleverHeaders: readonly string[];
  clever: CleverRecords;
  /** Clever records left out before matching (another role, no id), for the report. */
  cleverSkipped: number;
  match: () => MatchResult;
  out: Writable;
  review?: ReviewDecisions;
}

export interface PeopleMatchJob {
  type: PersonType;
  app: AppTable;
  mapping: ColumnMapping;
  roster: CleverPeople;
  out: Writable;
  review?: ReviewDecisions;
  onProgress?: (progress: MatchProgress) => void;
}

export interface MatchReport {
  type: RecordType;
  appFile: string;
  appRecords: number;
  cleverRecords: number;
  cleverRecordsSkipped: number;
  idColumn: string;
  mapping: Record<string, string>;
  counts: Record<MatchmakerResult, number>;
  suggestions: number;
  reviewApplied: { accepted: number; rejected: number };
  timingsMs: Record<string, number>;
  engine: Omit<MatchStats, 'counts'>;
}

/** Builds the engine's view of the app file from the mapped columns. */
export function appPeople(app: AppTable, mapping: ColumnMapping): PersonFields[] {
  const people: PersonFields[] = new Array(app.rowCount);
  const single = [...mapping.fields]
    .filter(([field]) => !MULTI_COLUMN_FIELDS.has(field))
    .map(([field, columns]) => [field, app.columns[columns[0]]] as const);
  const cells = (field: MappableField, row: number) =>
    (mapping.fields.get(field) ?? []).map((c) => app.columns[c][row]).filter((cell) => cell.trim() !== '');
  const hasSchools = mapping.fields.has('school');
  const hasAddress = mapping.fields.has('address');
  for (let row = 0; row < app.rowCount; row++) {
    const person: PersonFields = {};
    for (const [field, column] of single) (person as Record<string, string>)[field] = column[row];
    if (hasSchools) {
      const schools = cells('school', row);
      if (schools.length) person.schools = schools;
    }
    // "12" + "Main St" + "Apt 4" read as one street line, the way Clever's location.address holds it.
    if (hasAddress) person.address = cells('address', row).join(' ');
    people[row] = person;
  }
  return people;
}

/** Applies reviewer decisions on top of the engine's outcomes: an accepted pair is a match, a rejected one is not. */
function applyReview(
  appOutcomes: AppOutcome[],
  cleverOutcomes: CleverOutcome[],
  appIds: readonly string[],
  cleverIds: readonly string[],
  review: ReviewDecisions | undefined,
): { accepted: number; rejected: number } {
  if (!review) return { accepted: 0, rejected: 0 };
  const appIndex = new Map(appIds.map((id, i) => [id, i]));
  const cleverIndex = new Map(cleverIds.map((id, i) => [id, i]));
  let accepted = 0;
  let rejected = 0;
  for (const { appId, cleverId } of review.rejected) {
    const a = appIndex.get(appId);
    const c = cleverIndex.get(cleverId);
    if (a === undefined || c === undefined) continue;
    const outcome = appOutcomes[a];
    if (outcome.result === 'match' && outcome.cleverIndex === c) {
      appOutcomes[a] = { result: 'from app, no match', evidence: 'match rejected by reviewer' };
      cleverOutcomes[c] = { result: 'from Clever, no match' };
      rejected++;
    } else if (outcome.suggestion?.cleverIndex === c) {
      appOutcomes[a] = { ...outcome, suggestion: undefined };
      rejected++;
    }
  }
  for (const { appId, cleverId } of review.accepted) {
    const a = appIndex.get(appId);
    const c = cleverIndex.get(cleverId);
    if (a === undefined || c === undefined) continue;
    const previousClever = appOutcomes[a].result === 'match' ? appOutcomes[a].cleverIndex : undefined;
    if (previousClever !== undefined && previousClever !== c)
      cleverOutcomes[previousClever] = { result: 'from Clever, no match' };
    const previousApp = cleverOutcomes[c].result === 'match' ? cleverOutcomes[c].appIndex : undefined;
    if (previousApp !== undefined && previousApp !== a)
      appOutcomes[previousApp] = {
        result: 'from app, no match',
        evidence: 'Clever record taken by a reviewed match',
      };
    appOutcomes[a] = { result: 'match', cleverIndex: c, confidence: 1, evidence: 'accepted by reviewer' };
    cleverOutcomes[c] = { result: 'match', appIndex: a };
    accepted++;
  }
  return { accepted, rejected };
}

const formatConfidence = (value: number | undefined): string => (value === undefined ? '' : value.toFixed(4));

/** Matches, then streams the result CSV to `job.out`; resolves once the file is fully written. */
export async function runMatch(job: MatchJob): Promise<MatchReport> {
  const { app, clever } = job;
  const started = performance.now();
  const result = job.match();
  const matched = performance.now();

  const appIds = app.columns[app.idColumn];
  const reviewApplied = applyReview(result.app, result.clever, appIds, clever.ids, job.review);

  const writer = new CsvWriter(job.out);
  const emptyApp = app.headers.map(() => '');
  const emptyClever = job.cleverHeaders.map(() => '');
  await writer.writeRow([
    ...app.headers.map((h) => `app.${h}`),
    ...job.cleverHeaders,
    ...RESULT_EXTENSION_HEADERS,
  ]);

  const counts = countOutcomes(result.app, result.clever);
  let suggestions = 0;
  const appRow = (row: number) => app.columns.map((column) => column[row]);
  for (let row = 0; row < app.rowCount; row++) {
    const outcome = result.app[row];
    const suggestion = outcome.suggestion;
    if (suggestion) suggestions++;
    await writer.writeRow([
      ...appRow(row),
      ...(outcome.result === 'match' && outcome.cleverIndex !== undefined
        ? clever.row(outcome.cleverIndex)
        : emptyClever),
      outcome.result,
      formatConfidence(outcome.result === 'match' ? outcome.confidence : undefined),
      outcome.evidence ?? '',
      suggestion ? clever.ids[suggestion.cleverIndex] : '',
      formatConfidence(suggestion?.confidence),
      suggestion?.evidence ?? '',
    ]);
  }
  for (let index = 0; index < clever.size; index++) {
    const outcome = result.clever[index];
    if (outcome.result === 'match') continue; // written on its app row
    await writer.writeRow([...emptyApp, ...clever.row(index), outcome.result, '', '', '', '', '']);
  }
  await writer.close();
  const written = performance.now();

  const { counts: _engineCounts, ...engine } = result.stats;
  return {
    type: job.type,
    appFile: app.file,
    appRecords: app.rowCount,
    cleverRecords: clever.size,
    cleverRecordsSkipped: job.cleverSkipped,
    idColumn: app.headers[app.idColumn],
    mapping: job.mapping,
    counts,
    suggestions,
    reviewApplied,
    timingsMs: {
      match: Math.round(matched - started),
      write: Math.round(written - matched),
      ...result.stats.timingsMs,
    },
    engine,
  };
}

/** App header → field label, for the report. */
export function mappingLabels<F extends string>(
  headers: readonly string[],
  columns: ReadonlyMap<number, F>,
  label: (field: F) => string,
): Record<string, string> {
  return Object.fromEntries([...columns].map(([column, field]) => [headers[column], label(field)]));
}

/** People: the engine over the mapped app columns and the projected roster. */
export function peopleMatchJob(
  job: Omit<PeopleMatchJob, 'out' | 'review'>,
): Omit<MatchJob, 'out' | 'review'> {
  const { app, roster, mapping, type } = job;
  return {
    type,
    app,
    mapping: mappingLabels(app.headers, mapping.columns, (field) => fieldLabel(field, type)),
    cleverHeaders: cleverHeaders(type),
    clever: roster,
    cleverSkipped: roster.skippedOtherRoles,
    match: () => matchPeople(appPeople(app, mapping), roster.people, { type, onProgress: job.onProgress }),
  };
}

export function runPeopleMatch(job: PeopleMatchJob): Promise<MatchReport> {
  return runMatch({ ...peopleMatchJob(job), out: job.out, review: job.review });
}
