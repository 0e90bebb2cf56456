// Runs one job's match: the uploaded CSV (streamed) against the district's live roster, written as a
// Matchmaker result through the same `runPeopleMatch` the CLI uses.
import type { Readable, Writable } from 'node:stream';
import { readAppTableFromStream } from '../csv/read-app-table.ts';
import { CleverPeople, schoolNameIndex } from '../match/clever-people.ts';
import { mapColumns, parseMapOption } from '../match/headers.ts';
import { type MatchReport, type ReviewDecisions, runPeopleMatch } from '../match/run-match.ts';
import type { RosterSource } from '../ports/roster-source.ts';
import type { JobRecord } from './jobs.ts';

/** The name problems in the upload are reported against. */
export const UPLOAD_FILE_NAME = 'input.csv';

export async function matchJob(options: {
  job: JobRecord;
  input: Readable;
  roster: RosterSource;
  out: Writable;
  review?: ReviewDecisions;
}): Promise<MatchReport> {
  const { job } = options;
  const app = await readAppTableFromStream(options.input, UPLOAD_FILE_NAME, { idColumn: job.idColumn });
  const overrides = job.map ? parseMapOption(job.map) : undefined;
  const mapping = mapColumns(app.headers, job.type, app.idColumn, overrides, UPLOAD_FILE_NAME);

  const schools = [];
  for await (const school of options.roster.listSchools(job.districtId)) schools.push(school);
  const people = new CleverPeople(job.type, schoolNameIndex(schools));
  for await (const user of options.roster.listUsers(job.districtId, job.type)) people.add(user);

  return runPeopleMatch({
    type: job.type,
    app,
    mapping,
    roster: people,
    out: options.out,
    review: options.review,
  });
}
