// One people-matching job from parsed inputs to a Matchmaker-format result, shared by the CLI and the
// S3-triggered match function so both produce byte-identical files for the same inputs.

import type { Writable } from 'node:stream';
import type { AppTable } from '../csv/read-app-table.ts';
import { CsvWriter } from '../csv/write-csv.ts';
import { type CleverPeople, cleverHeaders } from './clever-people.ts';
import { matchPeople } from './engine.ts';
import { type ColumnMapping, fieldLabel, type MappableField, MULTI_COLUMN_FIELDS } from './headers.ts';
import type {
  AppOutcome,
  CleverOutcome,
  MatchmakerResult,
  MatchProgress,
  MatchStats,
  PersonFields,
  PersonType,
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
  type: PersonType;
  appFile: string;
  appRecords: number;
  cleverRecords: number;
  cleverRecordsWithOtherRoles: number;
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
  appIds: string[],
  cleverIds: string[],
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
export async function runPeopleMatch(job: PeopleMatchJob): Promise<MatchReport> {
  const { app, roster, mapping, type } = job;
  const started = performance.now();
  const people = appPeople(app, mapping);
  const result = matchPeople(people, roster.people, { type, onProgress: job.onProgress });
  const matched = performance.now();

  const appIds = app.columns[app.idColumn];
  const reviewApplied = applyReview(result.app, result.clever, appIds, roster.ids, job.review);

  const writer = new CsvWriter(job.out);
  const cleverColumns = cleverHeaders(type);
  const emptyApp = app.headers.map(() => '');
  const emptyClever = cleverColumns.map(() => '');
  await writer.writeRow([
    ...app.headers.map((h) => `app.${h}`),
    ...cleverColumns,
    ...RESULT_EXTENSION_HEADERS,
  ]);

  const counts: Record<MatchmakerResult, number> = {
    match: 0,
    'from app, no match': 0,
    'from app, duplicate': 0,
    'from Clever, no match': 0,
    'from Clever, duplicate': 0,
  };
  let suggestions = 0;
  const appRow = (row: number) => app.columns.map((column) => column[row]);
  for (let row = 0; row < app.rowCount; row++) {
    const outcome = result.app[row];
    counts[outcome.result]++;
    const suggestion = outcome.suggestion;
    if (suggestion) suggestions++;
    await writer.writeRow([
      ...appRow(row),
      ...(outcome.result === 'match' && outcome.cleverIndex !== undefined
        ? roster.row(outcome.cleverIndex)
        : emptyClever),
      outcome.result,
      formatConfidence(outcome.result === 'match' ? outcome.confidence : undefined),
      outcome.evidence ?? '',
      suggestion ? roster.ids[suggestion.cleverIndex] : '',
      formatConfidence(suggestion?.confidence),
      suggestion?.evidence ?? '',
    ]);
  }
  for (let index = 0; index < roster.size; index++) {
    const outcome = result.clever[index];
    if (outcome.result === 'match') continue; // counted on its app row
    counts[outcome.result]++;
    await writer.writeRow([...emptyApp, ...roster.row(index), outcome.result, '', '', '', '', '']);
  }
  await writer.close();
  const written = performance.now();

  const { counts: _engineCounts, ...engine } = result.stats;
  return {
    type,
    appFile: app.file,
    appRecords: app.rowCount,
    cleverRecords: roster.size,
    cleverRecordsWithOtherRoles: roster.skippedOtherRoles,
    idColumn: app.headers[app.idColumn],
    mapping: Object.fromEntries(
      [...mapping.columns].map(([column, field]) => [app.headers[column], fieldLabel(field, type)]),
    ),
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
