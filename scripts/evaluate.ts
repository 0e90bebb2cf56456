// `npm run evaluate [-- --seed N --scale X --only NAME,… --write-docs]`: the evidence that the matcher is good.
// For synthetic districts (students and teachers × ids-present / ids-absent) and FEBRL4 (without and with the
// social security number as state id) it writes the input files, runs the real CLI on them, scores RESULT.csv
// against the truth, runs the exact-field cascade baseline on the same inputs, and prints one table.
// Exits 1 when the engine misses precision ≥ 0.999 or recall ≥ 0.99 in any scenario (or fails to run).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { cleverId, generateDistrict, ID_KIND } from '../dev/synth/district.ts';
import { writeAppCsv, writeNdjson } from '../dev/synth/files.ts';
import {
  codeRevision,
  describeMachine,
  failureSummary,
  machineLine,
  runMeasured,
} from '../dev/synth/harness.ts';
import { readResultFile } from '../dev/synth/result-file.ts';
import { type AppDecision, type Score, scoreDecisions, type TruthSets } from '../dev/synth/score.ts';
import type { CleverSchool, CleverUser } from '../lib/clever/types.ts';
import { readAppTable } from '../lib/csv/read-app-table.ts';
import { cascadeMatch } from '../lib/match/cascade.ts';
import { CleverPeople, schoolNameIndex } from '../lib/match/clever-people.ts';
import { mapColumns } from '../lib/match/headers.ts';
import { appPeople } from '../lib/match/run-match.ts';

const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, '.eval');
const PRECISION_TARGET = 0.999;
const RECALL_TARGET = 0.99;
const FEBRL_SEED = 4;

interface Scenario {
  name: string;
  description: string;
  type: 'student' | 'teacher';
  headers: string[];
  rows: string[][];
  users: CleverUser[];
  schools: CleverSchool[];
  truth: TruthSets;
}

interface EngineRun {
  ok: boolean;
  error?: string;
  score?: Score;
  wallMs: number;
  peakRssMb: number | null;
  matchMs?: number;
}

interface ScenarioResult {
  scenario: Scenario;
  engine: EngineRun;
  cascade: Score;
  cascadeMs: number;
}

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    scale: { type: 'string', default: '1' },
    only: { type: 'string' },
    'write-docs': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(
    'usage: npm run evaluate -- [--seed N] [--scale X] [--only name,…] [--write-docs]\n' +
      '  --scale multiplies the synthetic sizes (20,000 students, 1,500 teachers); FEBRL4 is fixed.\n',
  );
  process.exit(0);
}
const seed = Number(args.seed);
const scale = Number(args.scale);
if (!Number.isInteger(seed) || !(scale > 0)) {
  process.stderr.write('--seed must be a whole number and --scale a positive number\n');
  process.exit(2);
}

function syntheticScenarios(): Scenario[] {
  const scenarios: Scenario[] = [];
  const profiles = ['ids-present', 'ids-absent'] as const;
  profiles.forEach((profile, index) => {
    const districtSeed = seed + index;
    const district = generateDistrict({
      seed: districtSeed,
      students: Math.round(20_000 * scale),
      teachers: Math.round(1_500 * scale),
      profile,
    });
    for (const type of ['student', 'teacher'] as const) {
      const app = district.app[type];
      const users = district.users.filter((user) => user.roles[type]);
      const ids = new Set(users.map((user) => user.id));
      const cleverDuplicates = new Map(
        [...district.cleverDuplicates].filter(([duplicate]) => ids.has(duplicate)),
      );
      scenarios.push({
        name: `${type}s-${profile}`,
        description: `synthetic district, seed ${districtSeed}, ${type}s, ${profile}`,
        type,
        headers: app.headers,
        rows: app.rows,
        users,
        schools: district.schools,
        truth: {
          truth: app.truth,
          duplicateOf: app.duplicateOf,
          cleverDuplicates,
          noise: app.noise,
        },
      });
    }
  });
  return scenarios;
}

type FebrlRecord = Record<
  | 'rec_id'
  | 'given_name'
  | 'surname'
  | 'street_number'
  | 'address_1'
  | 'address_2'
  | 'suburb'
  | 'postcode'
  | 'date_of_birth'
  | 'soc_sec_id',
  string
>;

/** Clever keeps a student's home address as `location{address, city, zip}`; FEBRL splits the street line. */
function febrlStreet(record: FebrlRecord): string {
  return [record.street_number, record.address_1, record.address_2].filter(Boolean).join(' ');
}

async function readFebrl(name: string): Promise<FebrlRecord[]> {
  const text = await readFile(join(ROOT, 'data/febrl4', name), 'utf8');
  return parse(text, { columns: true, trim: true, skip_empty_lines: true });
}

/** FEBRL dates are YYYYMMDD; Clever's are M/D/YYYY. Anything else (blank, garbled) becomes missing. */
function febrlToCleverDob(value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return match ? `${Number(match[2])}/${Number(match[3])}/${match[1]}` : '';
}

/** FEBRL carries no noise labels, so errors are broken down by which compared field differs between the pair. */
function febrlDifferences(original: FebrlRecord, duplicate: FebrlRecord, withSsn: boolean): string[] {
  const fields: [keyof FebrlRecord, string][] = [
    ['given_name', 'first'],
    ['surname', 'last'],
    ['date_of_birth', 'dob'],
    ['address_1', 'street'],
    ['suburb', 'city'],
    ['postcode', 'zip'],
    ...(withSsn ? ([['soc_sec_id', 'ssn']] as [keyof FebrlRecord, string][]) : []),
  ];
  return fields.flatMap(([field, label]) => {
    if (original[field] === duplicate[field]) return [];
    return [!original[field] || !duplicate[field] ? `${label}-missing` : `${label}-differs`];
  });
}

async function febrlScenarios(): Promise<Scenario[]> {
  const originals = await readFebrl('dataset4a.csv');
  const duplicates = await readFebrl('dataset4b.csv');
  const district = cleverId(FEBRL_SEED, ID_KIND.district, 0);
  const cleverIdByRecord = new Map<string, string>();
  const scenarios: Scenario[] = [];
  for (const withSsn of [false, true]) {
    const users: CleverUser[] = duplicates.map((record, n) => {
      const id = cleverId(FEBRL_SEED, ID_KIND.student, n);
      cleverIdByRecord.set(record.rec_id, id);
      return {
        id,
        district,
        email: null,
        name: { first: record.given_name, last: record.surname },
        roles: {
          student: {
            dob: febrlToCleverDob(record.date_of_birth),
            location: { address: febrlStreet(record), city: record.suburb, zip: record.postcode },
            ...(withSsn ? { state_id: record.soc_sec_id } : {}),
          },
        },
      };
    });
    const truth = new Map<string, string | null>();
    const noise = new Map<string, string[]>();
    const duplicateByRecord = new Map(duplicates.map((record) => [record.rec_id, record]));
    for (const record of originals) {
      const duplicateId = record.rec_id.replace(/-org$/, '-dup-0');
      truth.set(record.rec_id, cleverIdByRecord.get(duplicateId) ?? null);
      const duplicate = duplicateByRecord.get(duplicateId);
      if (duplicate) noise.set(record.rec_id, febrlDifferences(record, duplicate, withSsn));
    }
    scenarios.push({
      name: withSsn ? 'febrl4-with-ssn' : 'febrl4',
      description: `FEBRL4: 5,000 originals vs 5,000 noisy duplicates; names, dob, address${withSsn ? ', soc_sec_id as state id' : ''}`,
      type: 'student',
      headers: [
        'App ID',
        'First Name',
        'Last Name',
        'Birth Date',
        'Street Number',
        'Address 1',
        'Address 2',
        'Suburb',
        'Postcode',
        ...(withSsn ? ['State ID'] : []),
      ],
      rows: originals.map((record) => [
        record.rec_id,
        record.given_name,
        record.surname,
        record.date_of_birth,
        record.street_number,
        record.address_1,
        record.address_2,
        record.suburb,
        record.postcode,
        ...(withSsn ? [record.soc_sec_id] : []),
      ]),
      users,
      schools: [],
      truth: { truth, duplicateOf: new Map(), cleverDuplicates: new Map(), noise },
    });
  }
  return scenarios;
}

async function runEngine(
  scenario: Scenario,
  dir: string,
  files: Record<'app' | 'roster' | 'schools', string>,
) {
  const out = join(dir, 'result.csv');
  const report = join(dir, 'report.json');
  const cliArgs = [
    'bin/rostermatch.js',
    'match',
    '--type',
    scenario.type,
    '--app',
    files.app,
    '--clever',
    files.roster,
    '--out',
    out,
    '--id-column',
    scenario.headers[0],
    '--report',
    report,
    '--quiet',
    ...(scenario.schools.length ? ['--schools', files.schools] : []),
  ];
  const run = await runMeasured(process.execPath, cliArgs, ROOT);
  const engine: EngineRun = { ok: false, wallMs: run.wallMs, peakRssMb: run.peakRssMb };
  if (run.exitCode !== 0) {
    engine.error = failureSummary(run);
    return engine;
  }
  const decisions = await readResultFile(out, scenario.headers[0]);
  engine.score = scoreDecisions(scenario.truth, decisions.app, decisions.clever);
  const parsedReport = JSON.parse(await readFile(report, 'utf8')) as { timingsMs?: Record<string, number> };
  engine.matchMs = parsedReport.timingsMs?.match;
  engine.ok = true;
  return engine;
}

async function runCascade(scenario: Scenario, appFile: string): Promise<{ score: Score; ms: number }> {
  // The baseline sees exactly what the CLI sees: the same file reader and header mapping.
  const table = await readAppTable(appFile, { idColumn: scenario.headers[0] });
  const mapping = mapColumns(table.headers, scenario.type, table.idColumn);
  const people = appPeople(table, mapping);
  const roster = new CleverPeople(scenario.type, schoolNameIndex(scenario.schools));
  for (const user of scenario.users) roster.add(user);
  const started = performance.now();
  const pairs = cascadeMatch(people, roster.people, scenario.type);
  const ms = performance.now() - started;
  const appIds = table.columns[table.idColumn];
  const matched = new Map(pairs.map((pair) => [pair.appIndex, roster.ids[pair.cleverIndex]]));
  const decisions: AppDecision[] = appIds.map((appId, index) => ({
    appId,
    result: matched.has(index) ? 'match' : 'from app, no match',
    cleverId: matched.get(index) ?? '',
    suggestedCleverId: '',
  }));
  return { score: scoreDecisions(scenario.truth, decisions), ms };
}

async function evaluate(scenario: Scenario): Promise<ScenarioResult> {
  const dir = join(WORK, scenario.name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const files = {
    app: join(dir, 'app.csv'),
    roster: join(dir, 'roster.ndjson'),
    schools: join(dir, 'schools.ndjson'),
  };
  await writeAppCsv(files.app, scenario);
  await writeNdjson(files.roster, scenario.users);
  await writeNdjson(files.schools, scenario.schools);
  const engine = await runEngine(scenario, dir, files);
  const cascade = await runCascade(scenario, files.app);
  return { scenario, engine, cascade: cascade.score, cascadeMs: cascade.ms };
}

const fixed = (value: number) => value.toFixed(4);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function resultTable(results: ScenarioResult[]): string {
  const lines = [
    '| scenario | app rows | Clever | engine P | engine R | engine F1 | review band (right person) | app dups flagged (true) / truth | Clever dups flagged (true) / truth | engine time (match) | cascade P | cascade R | cascade F1 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { scenario, engine, cascade } of results) {
    const s = engine.score;
    const engineCells = s
      ? [
          fixed(s.precision),
          fixed(s.recall),
          fixed(s.f1),
          `${s.suggestions} (${s.correctSuggestions})`,
          `${s.appDuplicatesFlagged} (${s.appDuplicatesFlaggedCorrectly}) / ${s.appDuplicateRows}`,
          `${s.cleverDuplicatesFlagged} (${s.cleverDuplicatesFlaggedCorrectly}) / ${s.cleverDuplicateRows}`,
          `${seconds(engine.wallMs)}${engine.matchMs === undefined ? '' : ` (${seconds(engine.matchMs)})`}`,
        ]
      : ['failed', '', '', '', '', '', seconds(engine.wallMs)];
    lines.push(
      `| ${[
        scenario.name,
        scenario.rows.length,
        scenario.users.length,
        ...engineCells,
        fixed(cascade.precision),
        fixed(cascade.recall),
        fixed(cascade.f1),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The noise tags behind most of the engine's errors, per scenario: where to look next. */
function errorBreakdown(results: ScenarioResult[]): string {
  const lines: string[] = [];
  for (const { scenario, engine } of results) {
    const s = engine.score;
    if (!s) {
      lines.push(`- **${scenario.name}**: engine failed: ${engine.error ?? 'unknown error'}`);
      continue;
    }
    const tags = Object.entries(s.errorsByNoise)
      .sort(([, a], [, b]) => b.falsePositives + b.falseNegatives - (a.falsePositives + a.falseNegatives))
      .slice(0, 8)
      .map(([tag, counts]) => `${tag} ${counts.falsePositives} FP / ${counts.falseNegatives} FN`);
    lines.push(
      `- **${scenario.name}**: ${s.falsePositives} false positives, ${s.falseNegatives} false negatives` +
        `, ${s.excusedForCleverDuplicates} unmatched rows excused (Clever holds the person twice, flagged)` +
        (tags.length ? `; by noise tag: ${tags.join(', ')}` : ''),
    );
  }
  return lines.join('\n');
}

function gateFailures(results: ScenarioResult[]): string[] {
  const failures: string[] = [];
  for (const { scenario, engine } of results) {
    if (!engine.score) failures.push(`${scenario.name}: engine failed (${engine.error})`);
    else if (engine.score.precision < PRECISION_TARGET || engine.score.recall < RECALL_TARGET)
      failures.push(
        `${scenario.name}: precision ${fixed(engine.score.precision)} (target ≥ ${PRECISION_TARGET}), ` +
          `recall ${fixed(engine.score.recall)} (target ≥ ${RECALL_TARGET})`,
      );
  }
  return failures;
}

/** Where the engine does not beat the cascade (design.md §3 asks for both precision and recall). */
function cascadeComparison(results: ScenarioResult[]): string {
  const behind = results.flatMap(({ scenario, engine, cascade }) => {
    const s = engine.score;
    if (!s) return [`${scenario.name}: engine failed`];
    const lost = [
      s.precision < cascade.precision ? `precision ${fixed(s.precision)} < ${fixed(cascade.precision)}` : '',
      s.recall < cascade.recall
        ? `recall ${fixed(s.recall)} < ${fixed(cascade.recall)} (${cascade.truePositives - s.truePositives} fewer right matches)`
        : '',
    ].filter(Boolean);
    return lost.length ? [`${scenario.name}: ${lost.join(', ')}`] : [];
  });
  return behind.length
    ? `The engine is behind the cascade in: ${behind.join('; ')}.`
    : 'The engine is at least as good as the cascade on precision and recall in every scenario.';
}

function evaluationDoc(results: ScenarioResult[], command: string, failures: string[]): string {
  return `# Matching evaluation

How good is the people matcher, measured end to end: synthetic districts and FEBRL4 are written to the
files the CLI reads, \`rostermatch match\` runs on them, and RESULT.csv is scored against the known truth.
The exact-field cascade (\`lib/match/cascade.ts\`, the way Clever's Matchmaker is believed to work:
students sis_id → student_number → state_id → dob → email → name; teachers email → sis_id → teacher_number
→ state_id → name; each rule pairs values that are equal after trim/lower-case and unique on both sides)
runs on the same files through the same reader and header mapping.

Reproduce: \`${command}\` (the numbers below; \`--scale\` and \`--seed\` change sizes and districts).
Machine: ${machineLine()}. Code: ${codeRevision(ROOT)}.

## Results

${resultTable(results)}

Targets (the command exits 1 when missed): engine precision ≥ ${PRECISION_TARGET} and recall ≥ ${RECALL_TARGET} in every scenario.
${failures.length ? `**Missed:**\n${failures.map((failure) => `- ${failure}`).join('\n')}` : '**All targets met.**'}

${cascadeComparison(results)}

## Where the engine's errors come from

${errorBreakdown(results)}

## How it is scored

- Only \`match\` rows count as matches. A match is right when its \`clever.id\` is the app row's person, or
  that person's second Clever record when Clever holds them twice. Left unmatched while those Clever
  records are flagged \`from Clever, duplicate\`, the row is excused from recall (counted in the breakdown).
- Precision = right matches / all matches. Recall = right matches / app rows whose person is on the roster.
  A wrong match is a false positive *and* (when the person is on the roster) a false negative.
- An app row that duplicates another app row is excused from recall when flagged \`from app, duplicate\`;
  matched to the right person it counts as right. Left \`from app, no match\` it is a miss.
- The review band is the \`from app, no match\` rows carrying a \`suggested.clever.id\`; "right person" counts
  the suggestions that name the true person (these are not counted as matches).
- Times are the whole CLI process (start-up, reading, matching, writing); in brackets the report's \`match\` time.

## The data

**Synthetic districts** (\`dev/synth\`, seeded, deterministic): Clever v3.0 users (dob M/D/YYYY, grade enum,
district-domain emails, no email for many K–2 students) and the app's export of the same people with the noise
real exports have: one-edit typos, nicknames (\`data/nicknames\`), dropped accents and apostrophes, shortened
hyphenated surnames, swapped day/month, dob typos, missing fields, ids that lost leading zeros, stale ids and
ids of another person, upper-case emails, grades one behind, twins, namesakes, ~7 % people on only one side,
~0.5 % duplicates on each side; teachers with a changed surname and the district's old email domain.
\`ids-present\`: most rows carry SIS ID / Student Number / State ID; \`ids-absent\`: almost none do.
The truth of every app row (its Clever id, or none) and its noise tags are kept with the data.

**FEBRL4** (\`data/febrl4\`): 5,000 original records as the app file and their 5,000 corrupted duplicates as
Clever students (given name, surname, dob converted from YYYYMMDD to M/D/YYYY with garbled dates left empty,
and the address as Clever's \`location\`: street number + address lines, suburb as city, postcode as zip), true
pairs rec-N-org ↔ rec-N-dup-0. The app file carries the same fields in FEBRL's columns. Run once without
and once with soc_sec_id as the state id. The cascade has no address rule (Matchmaker has none). Every original has its duplicate, so precision and recall are
both over all 5,000.

## Generating districts yourself

- In code: \`generateDistrict({ seed, students, teachers?, profile?, noise?, … })\` from \`dev/synth/district.ts\`
  returns the Clever district, schools, users, sections, terms, courses and the app exports with their truth;
  the same seed gives the same district.
- As files: \`npx tsx scripts/generate.ts --students 1000000 --profile ids-absent --seed 1 --out DIR\`
  (\`--type teacher|staff\` for other people) streams app.csv, roster.ndjson, schools.ndjson, truth.csv
  (app_id, clever_id, duplicate_of, noise tags) and clever-duplicates.csv.
`;
}

const only = args.only ? new Set(args.only.split(',').map((name) => name.trim())) : undefined;
const scenarios = [...syntheticScenarios(), ...(await febrlScenarios())].filter(
  (scenario) => !only || only.has(scenario.name),
);
if (scenarios.length === 0) {
  process.stderr.write(`--only matched no scenario\n`);
  process.exit(2);
}
process.stderr.write(`evaluating on ${machineLine(describeMachine())}\n`);
const results: ScenarioResult[] = [];
for (const scenario of scenarios) {
  process.stderr.write(
    `- ${scenario.name}: ${scenario.rows.length} app rows × ${scenario.users.length} Clever … `,
  );
  const result = await evaluate(scenario);
  results.push(result);
  process.stderr.write(
    result.engine.score
      ? `engine P ${fixed(result.engine.score.precision)} R ${fixed(result.engine.score.recall)}, ` +
          `cascade P ${fixed(result.cascade.precision)} R ${fixed(result.cascade.recall)}\n`
      : `engine failed: ${result.engine.error}\n`,
  );
}
process.stdout.write(
  `${resultTable(results)}\n\n${errorBreakdown(results)}\n\n${cascadeComparison(results)}\n`,
);
const failures = gateFailures(results);
if (args['write-docs']) {
  const command = `npm run evaluate -- --seed ${seed} --scale ${scale}${args.only ? ` --only ${args.only}` : ''} --write-docs`;
  await mkdir(join(ROOT, 'docs'), { recursive: true });
  await writeFile(join(ROOT, 'docs/evaluation.md'), evaluationDoc(results, command, failures));
  process.stderr.write('wrote docs/evaluation.md\n');
}
if (failures.length) {
  process.stderr.write(`\nTargets missed:\n${failures.map((failure) => `  ${failure}`).join('\n')}\n`);
  process.exit(1);
}
