// `rostermatch match`: app CSV + Clever roster → Matchmaker-format result CSV (+ JSON report).

import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readAppTable } from '../csv/read-app-table.ts';
import { InputError } from '../errors.ts';
import { runMatch } from '../match/run-match.ts';
import { RECORD_TYPES, type RecordType } from '../match/types.ts';
import { planMatch } from './match-plans.ts';
import { createProgressReporter } from './progress.ts';

export const MATCH_HELP = `rostermatch match — match an app export to a Clever district roster

Usage:
  rostermatch match --type TYPE --app APP.csv (--clever CLEVER.ndjson | --clever-api URL ...) --out RESULT.csv

Required:
  --type TYPE          student | teacher | staff | district_admin | school | section
  --app FILE           your records as CSV (RFC 4180, UTF-8, with a header row and a unique internal id column)
  --clever FILE        the Clever side: one v3.0 object per line (NDJSON), as the Data API returns it — users
                       for people (users without the --type role are skipped), schools for school, sections for
                       section; {"data":…,"uri":…} list items are accepted too
  --out FILE           where to write the result CSV (written to a temporary file first, then renamed)

The Clever side from a Clever API instead of files (the real one or \`rostermatch clever-emulator\`):
  --clever-api URL     Data API base, e.g. https://api.clever.com (reads /v3.0/users?role=TYPE, /v3.0/schools,
                       /v3.0/sections, /v3.0/courses, /v3.0/terms as needed)
  --token TOKEN        a district-app token (or set CLEVER_TOKEN; prefer the variable: argv is visible to others)
  --district ID        instead of a token: look the district's current token up through /oauth/tokens using
                       CLEVER_CLIENT_ID and CLEVER_CLIENT_SECRET (and --clever-oauth URL, default https://clever.com)

Options:
  --id-column NAME     the column holding your internal id (default: a column named like "App ID", app_id,
                       internal_id, user_id or id)
  --map SPEC           override header detection: "Column Name=field,Other Column=field", or "Column=ignore".
                       People fields: first_name, middle_name, last_name, name, dob, email, sis_id,
                       student_number, teacher_number, staff_id, state_id, grade, school, gender, username,
                       address, city, zip. School fields: name, nces_id, mdr_number, state_id, sis_id,
                       school_number, low_grade, high_grade, grades, city, zip, address, phone. Section fields:
                       name, sis_id, section_number, period, course_name, course_number, subject, grade, term,
                       school, teachers, students
  --schools FILE       Clever school objects (NDJSON): lets your school names be compared with the school ids
                       on Clever users and sections (read from the API automatically with --clever-api)
  --report FILE        write a JSON report: counts per outcome, timings, column mapping, learned weights
  --quiet              no progress or summary on stderr
  -h, --help           this help

Sections (one app row per section; "Teacher ID"/"Teacher Email" columns and an optional "Student IDs" cell
listing app student ids separated by ; | , or spaces) are matched through earlier results:
  --schools-result FILE, --teachers-result FILE, --students-result FILE
                       result CSVs of earlier school / teacher / student runs; their match rows translate your
                       ids into Clever ids
  --courses FILE, --terms FILE
                       Clever course and term objects (NDJSON), so course and term names are compared too

Output columns: app.<your column> for each input column, clever.id and other clever.* fields,
matchmaker_results (match | from app, no match | from app, duplicate | from Clever, no match |
from Clever, duplicate), match_confidence, match_evidence, suggested.clever.id, suggested.match_confidence,
suggested.match_evidence. One row per app record, then one per Clever record left unmatched or duplicated.

Examples:
  rostermatch match --type student --app students.csv --clever roster.ndjson --out result.csv --id-column "App ID"
  rostermatch match --type teacher --app teachers.csv --clever roster.ndjson --out teachers-result.csv \\
    --map "Work Email=email,Employee #=sis_id" --report report.json
  rostermatch match --type school --app schools.csv --clever schools.ndjson --out schools-result.csv
  rostermatch match --type section --app sections.csv --clever sections.ndjson --out sections-result.csv \\
    --teachers-result teachers-result.csv --students-result result.csv --schools schools.ndjson
  CLEVER_TOKEN=… rostermatch match --type student --app students.csv --clever-api http://127.0.0.1:5050 --out result.csv
`;

function usage(message: string): never {
  throw new InputError([
    { file: 'command line', code: 'USAGE', message: `${message} (see rostermatch match --help)` },
  ]);
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
  const type = values.type as RecordType | undefined;
  if (!type) usage('--type is required');
  if (!RECORD_TYPES.includes(type)) usage(`--type must be one of ${RECORD_TYPES.join(', ')}, not "${type}"`);
  if (type !== 'section')
    for (const option of [
      'schools-result',
      'teachers-result',
      'students-result',
      'courses',
      'terms',
    ] as const)
      if (values[option]) usage(`--${option} is for --type section only`);
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
  const inputs = [values.app, values.clever, values.schools, values.courses, values.terms];
  for (const input of [
    ...inputs,
    values['schools-result'],
    values['teachers-result'],
    values['students-result'],
  ]) {
    if (input && resolve(input) === outPath) usage(`--out must not overwrite the input file ${input}`);
  }

  const quiet = values.quiet === true;
  const log = (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  const progress = createProgressReporter(process.stderr, !quiet);
  const started = performance.now();

  const app = await readAppTable(values.app, { idColumn: values['id-column'] });
  const appFile = basename(values.app);
  const api = values['clever-api']
    ? {
        apiUrl: values['clever-api'],
        oauthUrl: values['clever-oauth'],
        token,
        districtId: values.district,
        clientId: process.env.CLEVER_CLIENT_ID,
        clientSecret: process.env.CLEVER_CLIENT_SECRET,
      }
    : undefined;
  const plan = await planMatch({
    type,
    app,
    appFile,
    map: values.map,
    clever: { file: values.clever, api },
    schoolsFile: values.schools,
    coursesFile: values.courses,
    termsFile: values.terms,
    schoolsResult: values['schools-result'],
    teachersResult: values['teachers-result'],
    studentsResult: values['students-result'],
    onProgress: (p) => progress.update(p),
  });
  log(
    `${appFile}: ${app.rowCount.toLocaleString('en-US')} records, id column "${app.headers[app.idColumn]}"`,
  );
  for (const line of plan.mappingLines) log(`  ${line}`);
  const cleverName = values.clever ? basename(values.clever) : values['clever-api'];
  log(
    `${cleverName}: ${plan.cleverCount.toLocaleString('en-US')} ${type} records` +
      (plan.cleverSkipped ? ` (${plan.cleverSkipped.toLocaleString('en-US')} other records skipped)` : ''),
  );
  const readMs = performance.now() - started;

  // Written beside the target and renamed at the end, so a failed run never leaves a half-written result.
  const tempPath = join(dirname(outPath), `.${basename(outPath)}.${process.pid}.tmp`);
  const out = createWriteStream(tempPath);
  try {
    // runMatch ends `out` and resolves once every byte is written.
    const report = await runMatch({ ...plan.job, out });
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
      courses: { type: 'string' },
      terms: { type: 'string' },
      'schools-result': { type: 'string' },
      'teachers-result': { type: 'string' },
      'students-result': { type: 'string' },
      report: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
