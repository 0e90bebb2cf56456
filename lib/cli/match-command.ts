// `rostermatch match`: app CSV + Clever roster → Matchmaker-format result CSV (+ JSON report).

import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { CleverSchool, CleverUser } from '../clever/types.ts';
import { readAppTable } from '../csv/read-app-table.ts';
import { readCleverNdjson } from '../csv/read-ndjson.ts';
import { InputError, type InputProblem } from '../errors.ts';
import { CleverPeople, schoolNameIndex } from '../match/clever-people.ts';
import { describeMapping, mapColumns, parseMapOption } from '../match/headers.ts';
import { runPeopleMatch } from '../match/run-match.ts';
import { type PersonType, RECORD_TYPES } from '../match/types.ts';
import { createProgressReporter } from './progress.ts';

const PERSON_TYPES: readonly PersonType[] = ['student', 'teacher', 'staff', 'district_admin'];

export const MATCH_HELP = `rostermatch match — match an app export to a Clever district roster

Usage:
  rostermatch match --type TYPE --app APP.csv (--clever ROSTER.ndjson | --clever-api URL ...) --out RESULT.csv

Required:
  --type TYPE          student | teacher | staff | district_admin
  --app FILE           your records as CSV (RFC 4180, UTF-8, with a header row and a unique internal id column)
  --clever FILE        the Clever roster: one v3.0 user object per line (NDJSON), as the Data API returns it;
                       {"data":…,"uri":…} list items are accepted too
  --out FILE           where to write the result CSV (written to a temporary file first, then renamed)

Roster from a Clever API instead of a file (the real one or \`rostermatch clever-emulator\`):
  --clever-api URL     Data API base, e.g. https://api.clever.com (reads /v3.0/users?role=TYPE and /v3.0/schools)
  --token TOKEN        a district-app token (or set CLEVER_TOKEN; prefer the variable: argv is visible to others)
  --district ID        instead of a token: look the district's current token up through /oauth/tokens using
                       CLEVER_CLIENT_ID and CLEVER_CLIENT_SECRET (and --clever-oauth URL, default https://clever.com)

Options:
  --id-column NAME     the column holding your internal id (default: a column named like "App ID", app_id,
                       internal_id, user_id or id)
  --map SPEC           override header detection: "Column Name=field,Other Column=field" where field is one of
                       first_name, middle_name, last_name, name, dob, email, sis_id, student_number,
                       teacher_number, staff_id, state_id, grade, school, gender, username, or ignore
  --schools FILE       Clever school objects (NDJSON), to compare your school names with Clever's school ids
  --report FILE        write a JSON report: counts per outcome, timings, column mapping, learned weights
  --quiet              no progress or summary on stderr
  -h, --help           this help

Output columns: app.<your column> for each input column, clever.id and other clever.* fields,
matchmaker_results (match | from app, no match | from app, duplicate | from Clever, no match |
from Clever, duplicate), match_confidence, match_evidence, suggested.clever.id, suggested.match_confidence,
suggested.match_evidence. One row per app record, then one per Clever record left unmatched or duplicated.

Examples:
  rostermatch match --type student --app students.csv --clever roster.ndjson --out result.csv --id-column "App ID"
  rostermatch match --type teacher --app teachers.csv --clever roster.ndjson --out result.csv \\
    --map "Work Email=email,Employee #=sis_id" --report report.json
  CLEVER_TOKEN=… rostermatch match --type student --app students.csv --clever-api http://127.0.0.1:5050 --out result.csv
`;

function usage(message: string): never {
  throw new InputError([
    { file: 'command line', code: 'USAGE', message: `${message} (see rostermatch match --help)` },
  ]);
}

interface RosterSourceOptions {
  type: PersonType;
  cleverFile?: string;
  cleverApi?: string;
  cleverOauth?: string;
  token?: string;
  districtId?: string;
}

/** Validates that each roster line is a Clever user object, collecting problems instead of stopping at one. */
async function* cleverUsersFromFile(file: string, problems: InputProblem[]): AsyncIterable<CleverUser> {
  for await (const { line, record } of readCleverNdjson<CleverUser>(file, basename(file))) {
    if (typeof record.id !== 'string' || !record.id) {
      problems.push({
        file: basename(file),
        line,
        code: 'ROSTER_NO_ID',
        message: 'record has no "id" string',
      });
    } else if (typeof record.roles !== 'object' || record.roles === null) {
      problems.push({
        file: basename(file),
        line,
        code: 'ROSTER_NO_ROLES',
        message: 'record has no "roles" object; is this a Clever v3.0 user? (v2 users have no roles)',
      });
    } else {
      yield record;
    }
    if (problems.length >= 20) break;
  }
}

async function readSchoolsFile(file: string): Promise<CleverSchool[]> {
  const schools: CleverSchool[] = [];
  for await (const { record } of readCleverNdjson<CleverSchool>(file, basename(file))) schools.push(record);
  return schools;
}

async function rosterSource(
  options: RosterSourceOptions,
): Promise<{ users: AsyncIterable<CleverUser>; schools: CleverSchool[]; problems: InputProblem[] }> {
  const problems: InputProblem[] = [];
  if (options.cleverFile)
    return { users: cleverUsersFromFile(options.cleverFile, problems), schools: [], problems };
  const api = await import('../clever/roster-from-api.ts');
  const connection = {
    apiUrl: options.cleverApi as string,
    oauthUrl: options.cleverOauth,
    token: options.token,
    districtId: options.districtId,
    clientId: process.env.CLEVER_CLIENT_ID,
    clientSecret: process.env.CLEVER_CLIENT_SECRET,
  };
  const schools: CleverSchool[] = [];
  for await (const school of api.readSchoolsFromApi(connection)) schools.push(school);
  return { users: api.readRosterFromApi({ ...connection, type: options.type }), schools, problems };
}

export async function matchCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseMatchArgs>;
  try {
    parsed = parseMatchArgs(argv);
  } catch (error) {
    if (error instanceof InputError) throw error;
    usage((error as Error).message.replace(/\. To specify.*$/s, ''));
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(MATCH_HELP);
    return 0;
  }
  const type = values.type as PersonType | undefined;
  if (!type) usage('--type is required');
  if (!PERSON_TYPES.includes(type)) {
    if ((RECORD_TYPES as readonly string[]).includes(type))
      usage(`--type ${type} is not supported by this version yet; use one of ${PERSON_TYPES.join(', ')}`);
    usage(`--type must be one of ${PERSON_TYPES.join(', ')}, not "${type}"`);
  }
  if (!values.app) usage('--app is required');
  if (!values.out) usage('--out is required');
  if (!values.clever && !values['clever-api'])
    usage('give the roster with --clever FILE or --clever-api URL');
  if (values.clever && values['clever-api']) usage('give either --clever or --clever-api, not both');
  const token = values.token ?? process.env.CLEVER_TOKEN;
  if (values['clever-api'] && !token && !values.district)
    usage(
      '--clever-api needs --token (or CLEVER_TOKEN) or --district with CLEVER_CLIENT_ID/CLEVER_CLIENT_SECRET',
    );
  const outPath = resolve(values.out);
  for (const input of [values.app, values.clever, values.schools]) {
    if (input && resolve(input) === outPath) usage(`--out must not overwrite the input file ${input}`);
  }

  const quiet = values.quiet === true;
  const log = (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  const progress = createProgressReporter(process.stderr, !quiet);
  const started = performance.now();

  const overrides = values.map ? parseMapOption(values.map) : undefined;
  const app = await readAppTable(values.app, { idColumn: values['id-column'] });
  const mapping = mapColumns(app.headers, type, app.idColumn, overrides, basename(values.app));
  log(
    `${basename(values.app)}: ${app.rowCount.toLocaleString('en-US')} records, id column "${app.headers[app.idColumn]}"`,
  );
  for (const line of describeMapping(app.headers, mapping, type)) log(`  ${line}`);

  const source = await rosterSource({
    type,
    cleverFile: values.clever,
    cleverApi: values['clever-api'],
    cleverOauth: values['clever-oauth'],
    token,
    districtId: values.district,
  });
  const schools = values.schools ? await readSchoolsFile(values.schools) : source.schools;
  const roster = new CleverPeople(type, schoolNameIndex(schools));
  for await (const user of source.users) {
    roster.add(user);
    if (roster.size % 100_000 === 0)
      progress.update({ phase: 'reading roster', done: roster.size, total: 0 });
  }
  if (source.problems.length) throw new InputError(source.problems);
  const rosterName = values.clever ? basename(values.clever) : values['clever-api'];
  log(
    `${rosterName}: ${roster.size.toLocaleString('en-US')} ${type} records` +
      (roster.skippedOtherRoles
        ? ` (${roster.skippedOtherRoles.toLocaleString('en-US')} other users skipped)`
        : ''),
  );
  const readMs = performance.now() - started;

  // Written beside the target and renamed at the end, so a failed run never leaves a half-written result.
  const tempPath = join(dirname(outPath), `.${basename(outPath)}.${process.pid}.tmp`);
  const out = createWriteStream(tempPath);
  try {
    const report = await runPeopleMatch({
      type,
      app,
      mapping,
      roster,
      out,
      onProgress: (p) => progress.update(p),
    });
    out.end();
    await finished(out);
    await rename(tempPath, outPath);
    progress.done();
    const totalMs = performance.now() - started;
    report.timingsMs = { read: Math.round(readMs), ...report.timingsMs, total: Math.round(totalMs) };
    if (values.report) await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${values.out} in ${(totalMs / 1000).toFixed(1)} s`);
    for (const [outcome, count] of Object.entries(report.counts)) {
      log(`  ${outcome.padEnd(24)} ${count.toLocaleString('en-US')}`);
    }
    log(`  ${'suggestions to review'.padEnd(24)} ${report.suggestions.toLocaleString('en-US')}`);
    return 0;
  } catch (error) {
    progress.done();
    out.destroy();
    await rm(tempPath, { force: true });
    throw error;
  }
}

function parseMatchArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      type: { type: 'string' },
      app: { type: 'string' },
      clever: { type: 'string' },
      'clever-api': { type: 'string' },
      'clever-oauth': { type: 'string' },
      token: { type: 'string' },
      district: { type: 'string' },
      out: { type: 'string' },
      'id-column': { type: 'string' },
      map: { type: 'string' },
      schools: { type: 'string' },
      report: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
