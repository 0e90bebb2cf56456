// `npm run bench [-- --sizes 100000,300000,1000000 --profile ids-absent --seed 1 --write-docs]`
// Generates N app rows × N roster records per size (cached under .bench/), runs the CLI on each, and reports
// wall time, peak RSS, candidates per record and pairs scored per second (from the CLI's --report), plus
// precision/recall against the truth. Checks the targets: 1M × 1M within 60 s and 3 GB, and about linear
// growth (time per record at the largest size at most 1.5× that at the smallest). Exits 1 when missed.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  FILES,
  GENERATOR_VERSION,
  type GeneratedFiles,
  readTruth,
  writeDistrictFiles,
} from '../dev/synth/files.ts';
import {
  codeRevision,
  describeMachine,
  failureSummary,
  machineLine,
  runMeasured,
  writeDocSection,
} from '../dev/synth/harness.ts';
import type { SynthProfile } from '../dev/synth/people.ts';
import { readResultFile } from '../dev/synth/result-file.ts';
import { type Score, scoreDecisions } from '../dev/synth/score.ts';

const ROOT = resolve(import.meta.dirname, '..');
const TARGET_SIZE = 1_000_000;
const TARGET_SECONDS = 60;
const TARGET_RSS_MB = 3 * 1024;
const LINEARITY_LIMIT = 1.5;
const SECTION = 'Matching (CLI, CSV in → CSV out)';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,300000,1000000' },
    profile: { type: 'string', default: 'ids-absent' },
    seed: { type: 'string', default: '1' },
    'write-docs': { type: 'boolean', default: false },
    'no-score': { type: 'boolean', default: false },
    'timeout-s': { type: 'string', default: '900' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(
    'usage: npm run bench -- [--sizes 100000,300000,1000000] [--profile ids-absent|ids-present] [--seed N] ' +
      '[--no-score] [--timeout-s 900] [--write-docs]\n',
  );
  process.exit(0);
}
const sizes = args.sizes.split(',').map((text) => Number(text.trim().replace(/_/g, '')));
const seed = Number(args.seed);
const timeoutSeconds = Number(args['timeout-s']);
if (
  sizes.some((size) => !Number.isInteger(size) || size < 1) ||
  !Number.isInteger(seed) ||
  !(timeoutSeconds > 0)
) {
  process.stderr.write(
    '--sizes must be positive whole numbers separated by commas, --seed a whole number, --timeout-s a positive number\n',
  );
  process.exit(2);
}
if (args.profile !== 'ids-present' && args.profile !== 'ids-absent') {
  process.stderr.write('--profile must be ids-present or ids-absent\n');
  process.exit(2);
}
const profile: SynthProfile = args.profile;

interface EngineReport {
  timingsMs?: Record<string, number>;
  engine?: { candidatesPerRecord?: number; pairsScoredPerSecond?: number; candidatePairs?: number };
}

interface BenchRow {
  size: number;
  files: GeneratedFiles;
  wallMs: number;
  peakRssMb: number | null;
  report?: EngineReport;
  score?: Score;
  error?: string;
}

async function inputs(size: number): Promise<GeneratedFiles> {
  const dir = join(ROOT, '.bench', `students-${profile}-${size}-seed${seed}`);
  const meta = join(dir, FILES.meta);
  if (existsSync(meta)) {
    const cached = JSON.parse(await readFile(meta, 'utf8')) as GeneratedFiles;
    if (cached.generatorVersion === GENERATOR_VERSION) return cached;
  }
  process.stderr.write(`  generating ${size} students into ${dir} … `);
  const started = performance.now();
  const files = await writeDistrictFiles({ seed, students: size, profile }, dir);
  process.stderr.write(`${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return files;
}

async function run(size: number): Promise<BenchRow> {
  const files = await inputs(size);
  const out = join(files.dir, 'result.csv');
  const report = join(files.dir, 'report.json');
  const cli = [
    'bin/rostermatch.js',
    'match',
    '--type',
    'student',
    '--app',
    files.app,
    '--clever',
    files.roster,
    '--schools',
    files.schools,
    '--out',
    out,
    '--id-column',
    files.idColumn,
    '--report',
    report,
    '--quiet',
  ];
  const measured = await runMeasured(process.execPath, cli, ROOT, timeoutSeconds * 1000);
  const row: BenchRow = { size, files, wallMs: measured.wallMs, peakRssMb: measured.peakRssMb };
  if (measured.timedOut) {
    row.error = `stopped after ${timeoutSeconds} s (--timeout-s)`;
    return row;
  }
  if (measured.exitCode !== 0) {
    row.error = failureSummary(measured);
    return row;
  }
  row.report = JSON.parse(await readFile(report, 'utf8')) as EngineReport;
  if (!args['no-score']) {
    const truth = await readTruth(files.dir);
    const decisions = await readResultFile(out, files.idColumn);
    row.score = scoreDecisions(truth, decisions.app, decisions.clever);
  }
  return row;
}

const number = (value: number | undefined, digits = 0) =>
  value === undefined ? '' : value.toLocaleString('en-US', { maximumFractionDigits: digits });

function table(rows: BenchRow[]): string {
  const lines = [
    '| app rows × Clever records | wall time | peak RSS | µs per app row | match phase | candidates per record | pairs scored per second | precision | recall |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const cells = row.error
      ? ['failed', '', '', '', '', '', '', row.error]
      : [
          `${(row.wallMs / 1000).toFixed(1)} s`,
          row.peakRssMb === null ? 'n/a' : `${number(row.peakRssMb)} MB`,
          number((row.wallMs * 1000) / row.files.appRows, 1),
          row.report?.timingsMs?.match === undefined
            ? ''
            : `${(row.report.timingsMs.match / 1000).toFixed(1)} s`,
          number(row.report?.engine?.candidatesPerRecord, 1),
          number(row.report?.engine?.pairsScoredPerSecond),
          row.score ? row.score.precision.toFixed(4) : '',
          row.score ? row.score.recall.toFixed(4) : '',
        ];
    lines.push(
      `| ${number(row.files.appRows)} × ${number(row.files.cleverRecords)} | ${cells.join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

function targetFailures(rows: BenchRow[]): string[] {
  const failures = rows.filter((row) => row.error).map((row) => `${row.size}: ${row.error}`);
  const target = rows.find((row) => row.size === TARGET_SIZE && !row.error);
  if (target) {
    if (target.wallMs > TARGET_SECONDS * 1000)
      failures.push(`1M × 1M took ${(target.wallMs / 1000).toFixed(1)} s (target ≤ ${TARGET_SECONDS} s)`);
    if (target.peakRssMb !== null && target.peakRssMb > TARGET_RSS_MB)
      failures.push(`1M × 1M peaked at ${target.peakRssMb} MB (target ≤ ${TARGET_RSS_MB} MB)`);
  }
  const done = rows.filter((row) => !row.error).sort((a, b) => a.size - b.size);
  if (done.length >= 2) {
    const perRow = (row: BenchRow) => row.wallMs / row.files.appRows;
    const growth = perRow(done[done.length - 1]) / perRow(done[0]);
    if (growth > LINEARITY_LIMIT)
      failures.push(
        `time per row grew ${growth.toFixed(2)}× from ${done[0].size} to ${done[done.length - 1].size} (limit ${LINEARITY_LIMIT}×)`,
      );
  }
  return failures;
}

const loadAtStart = loadavg()
  .map((load) => load.toFixed(1))
  .join(' / ');
process.stderr.write(`benchmarking on ${machineLine(describeMachine())}, load ${loadAtStart}\n`);
const rows: BenchRow[] = [];
for (const size of sizes) {
  process.stderr.write(`- ${size} × ${size} (${profile}, seed ${seed})\n`);
  const row = await run(size);
  rows.push(row);
  process.stderr.write(
    row.error
      ? `  failed: ${row.error}\n`
      : `  ${(row.wallMs / 1000).toFixed(1)} s, peak ${row.peakRssMb ?? 'n/a'} MB\n`,
  );
}
const failures = targetFailures(rows);
process.stdout.write(`${table(rows)}\n`);
if (args['write-docs']) {
  const body = `Students, synthetic \`${profile}\` districts (seed ${seed}): N app rows × about N Clever records, the whole
\`rostermatch match\` process (start-up, reading both files, matching, writing RESULT.csv) through
\`/usr/bin/time\`. Candidates per record and pairs scored per second come from the CLI's \`--report\`;
precision and recall are scored against the generator's truth as in [evaluation.md](evaluation.md).

Reproduce: \`npm run bench -- --sizes ${sizes.join(',')} --profile ${profile} --seed ${seed} --write-docs\`
(inputs are generated once into \`.bench/\`, about 0.6 KB per roster record).
Code: ${codeRevision(ROOT)}. Machine: ${machineLine()}; load average ${loadAtStart} when the run started (the machine is shared, so expect ±30 %).

${table(rows)}

Targets: 1,000,000 × 1,000,000 within ${TARGET_SECONDS} s and ${TARGET_RSS_MB / 1024} GB peak RSS; time per row at the largest
size at most ${LINEARITY_LIMIT}× that at the smallest.
${failures.length ? `**Missed:**\n${failures.map((failure) => `- ${failure}`).join('\n')}` : '**All targets met.**'}`;
  await writeDocSection(join(ROOT, 'docs/benchmarks.md'), 'Benchmarks', SECTION, body);
  process.stderr.write('wrote docs/benchmarks.md\n');
}
if (failures.length) {
  process.stderr.write(`\nTargets missed:\n${failures.map((failure) => `  ${failure}`).join('\n')}\n`);
  process.exit(1);
}
