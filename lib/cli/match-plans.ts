// What `rostermatch match` does per record type: how the app file's columns are read, where the Clever
// side comes from, and which matcher runs. Everything after that (writing, report) is shared (runMatch).

import { basename } from 'node:path';
import { collect } from '../async-iterables.ts';
import * as api from '../clever/roster-from-api.ts';
import type { CleverCourse, CleverSchool, CleverSection, CleverTerm, CleverUser } from '../clever/types.ts';
import type { AppTable } from '../csv/read-app-table.ts';
import { InputError } from '../errors.ts';
import { CleverPeople, schoolNameIndex } from '../match/clever-people.ts';
import { describeMapping, mapColumns, parseMapOption } from '../match/headers.ts';
import {
  describeRecordMapping,
  mapRecordColumns,
  parseRecordMapOption,
  type RecordColumnMapping,
  type RecordVocabulary,
} from '../match/records/columns.ts';
import { readResultRows } from '../match/result-file.ts';
import { type CleverRecords, type MatchJob, mappingLabels, peopleMatchJob } from '../match/run-match.ts';
import { CleverSchools, cleverSchoolHeaders } from '../match/schools/clever-schools.ts';
import { matchSchools } from '../match/schools/match-schools.ts';
import { appSchools, SCHOOL_VOCABULARY } from '../match/schools/school-columns.ts';
import { CleverSections, cleverSectionHeaders } from '../match/sections/clever-sections.ts';
import { matchSections, translationFromResult } from '../match/sections/match-sections.ts';
import { appSections, SECTION_VOCABULARY } from '../match/sections/section-columns.ts';
import type { MatchProgress, PersonType, RecordType } from '../match/types.ts';
import { type CleverSource, readCleverRecords, readSupporting } from './clever-source.ts';

export interface PlanInputs {
  type: RecordType;
  app: AppTable;
  appFile: string;
  map?: string;
  clever: CleverSource;
  /** Clever school objects (NDJSON), to resolve school ids into names. */
  schoolsFile?: string;
  coursesFile?: string;
  termsFile?: string;
  /** Earlier results whose `match` rows translate app ids into Clever ids (sections). */
  schoolsResult?: string;
  teachersResult?: string;
  studentsResult?: string;
  onProgress: (progress: MatchProgress) => void;
}

export interface MatchPlan {
  /** Lines for the summary: which column became which field. */
  mappingLines: string[];
  cleverCount: number;
  cleverSkipped: number;
  job: Omit<MatchJob, 'out' | 'review'>;
}

async function fill<T>(
  records: AsyncIterable<T>,
  add: (record: T) => void,
  progress: PlanInputs['onProgress'],
) {
  let count = 0;
  for await (const record of records) {
    add(record);
    if (++count % 100_000 === 0) progress({ phase: 'reading Clever records', done: count, total: 0 });
  }
}

async function planPeople(type: PersonType, inputs: PlanInputs): Promise<MatchPlan> {
  const { app } = inputs;
  const overrides = inputs.map ? parseMapOption(inputs.map) : undefined;
  const mapping = mapColumns(app.headers, type, app.idColumn, overrides, inputs.appFile);
  const schools = await readSupporting<CleverSchool>(
    inputs.schoolsFile,
    inputs.clever.api,
    api.readSchoolsFromApi,
  );
  const roster = new CleverPeople(type, schoolNameIndex(schools));
  const users = readCleverRecords<CleverUser>(inputs.clever, (source) =>
    api.readRosterFromApi({ ...source, type }),
  );
  await fill(users, (user) => roster.add(user), inputs.onProgress);
  // A roster export may hold every user (and even other objects): only an empty result is an error.
  if (roster.size === 0)
    throw new InputError([
      {
        file: inputs.clever.file ? basename(inputs.clever.file) : 'Clever API',
        code: 'ROSTER_EMPTY',
        message:
          `no Clever user with a "${type}" role (${roster.skippedOtherRoles.toLocaleString('en-US')} other records read); ` +
          'is this a v3.0 user roster (objects with "roles"), and is --type right?',
      },
    ]);
  return {
    mappingLines: describeMapping(app.headers, mapping, type),
    cleverCount: roster.size,
    cleverSkipped: roster.skippedOtherRoles,
    job: peopleMatchJob({ type, app, mapping, roster, onProgress: inputs.onProgress }),
  };
}

/** The app file's columns read as a record type's fields, with any `--map` overrides. */
function mapAppRecords<F extends string>(
  inputs: PlanInputs,
  vocabulary: RecordVocabulary<F>,
): RecordColumnMapping<F> {
  const overrides = inputs.map ? parseRecordMapOption(inputs.map, vocabulary) : undefined;
  return mapRecordColumns(inputs.app.headers, vocabulary, inputs.app.idColumn, overrides, inputs.appFile);
}

/** A school or section plan, once its Clever roster is read; the caller says how its records match. */
function recordPlan<F extends string>(
  inputs: PlanInputs,
  vocabulary: RecordVocabulary<F>,
  mapping: RecordColumnMapping<F>,
  roster: CleverRecords & { readonly skippedWithoutId: number },
  matcher: Pick<MatchJob, 'type' | 'cleverHeaders' | 'match'>,
): MatchPlan {
  const { app } = inputs;
  return {
    mappingLines: describeRecordMapping(app.headers, mapping, vocabulary),
    cleverCount: roster.size,
    cleverSkipped: roster.skippedWithoutId,
    job: {
      ...matcher,
      app,
      mapping: mappingLabels(app.headers, mapping.columns, vocabulary.label),
      clever: roster,
      cleverSkipped: roster.skippedWithoutId,
    },
  };
}

async function planSchools(inputs: PlanInputs): Promise<MatchPlan> {
  const mapping = mapAppRecords(inputs, SCHOOL_VOCABULARY);
  const schools = new CleverSchools();
  await fill(
    readCleverRecords<CleverSchool>(inputs.clever, api.readSchoolsFromApi),
    (s) => schools.add(s),
    inputs.onProgress,
  );
  return recordPlan(inputs, SCHOOL_VOCABULARY, mapping, schools, {
    type: 'school',
    cleverHeaders: cleverSchoolHeaders(),
    match: () =>
      matchSchools(appSchools(inputs.app, mapping), schools.schools, { onProgress: inputs.onProgress }),
  });
}

async function translation(path: string | undefined): Promise<Map<string, string> | undefined> {
  return path ? translationFromResult(await collect(readResultRows(path))) : undefined;
}

async function planSections(inputs: PlanInputs): Promise<MatchPlan> {
  const mapping = mapAppRecords(inputs, SECTION_VOCABULARY);
  const [schools, courses, terms] = await Promise.all([
    readSupporting<CleverSchool>(inputs.schoolsFile, inputs.clever.api, api.readSchoolsFromApi),
    readSupporting<CleverCourse>(inputs.coursesFile, inputs.clever.api, api.readCoursesFromApi),
    readSupporting<CleverTerm>(inputs.termsFile, inputs.clever.api, api.readTermsFromApi),
  ]);
  const context = {
    schools: await translation(inputs.schoolsResult),
    teachers: await translation(inputs.teachersResult),
    students: await translation(inputs.studentsResult),
    cleverSchoolNames: schoolNameIndex(schools),
  };
  const sections = new CleverSections({ courses, terms });
  await fill(
    readCleverRecords<CleverSection>(inputs.clever, api.readSectionsFromApi),
    (s) => sections.add(s),
    inputs.onProgress,
  );
  return recordPlan(inputs, SECTION_VOCABULARY, mapping, sections, {
    type: 'section',
    cleverHeaders: cleverSectionHeaders(),
    match: () =>
      matchSections(appSections(inputs.app, mapping), sections.sections, context, {
        onProgress: inputs.onProgress,
      }),
  });
}

export function planMatch(inputs: PlanInputs): Promise<MatchPlan> {
  if (inputs.type === 'school') return planSchools(inputs);
  if (inputs.type === 'section') return planSections(inputs);
  return planPeople(inputs.type, inputs);
}
