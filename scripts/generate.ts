// Writes a synthetic district's files for one person type:
//   npx tsx scripts/generate.ts --students 1000000 --profile ids-absent --seed 1 --out .bench/1m
// → app.csv, roster.ndjson, schools.ndjson, truth.csv, clever-duplicates.csv, meta.json in --out.
import { parseArgs } from 'node:util';
import { writeDistrictFiles } from '../dev/synth/files.ts';
import type { SynthPersonKind, SynthProfile } from '../dev/synth/people.ts';

const USAGE =
  'usage: npx tsx scripts/generate.ts --students N [--teachers N] [--type student|teacher|staff] ' +
  '[--profile ids-present|ids-absent] [--seed N] --out DIR';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function count(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a positive whole number, got "${text}"`);
  return value;
}

const { values } = parseArgs({
  options: {
    students: { type: 'string' },
    teachers: { type: 'string' },
    staff: { type: 'string' },
    type: { type: 'string', default: 'student' },
    profile: { type: 'string', default: 'ids-present' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const students = count('students', values.students) ?? fail('--students is required');
const out = values.out ?? fail('--out is required');
if (!['student', 'teacher', 'staff'].includes(values.type)) fail(`--type must be student, teacher or staff`);
if (!['ids-present', 'ids-absent'].includes(values.profile))
  fail('--profile must be ids-present or ids-absent');
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be a whole number, got "${values.seed}"`);

const started = performance.now();
const files = await writeDistrictFiles(
  {
    seed,
    students,
    teachers: count('teachers', values.teachers),
    staff: count('staff', values.staff),
    profile: values.profile as SynthProfile,
  },
  out,
  values.type as SynthPersonKind,
);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `wrote ${files.appRows} app rows and ${files.cleverRecords} Clever ${values.type}s to ${out} in ${seconds} s ` +
    `(id column "${files.idColumn}")\n`,
);
