// `npm run demo`: one whole upload → match → email run over HTTP, against the stack `npm start` is
// running or, if none is, against one started here. Prints the counts and the email that arrived.

import { demoDistrictSpecs, generateDemoDataset } from '../dev/clever-emulator/demo.ts';
import { csvLine } from '../dev/synth/files.ts';
import { runDemoUpload } from '../infra/local/demo-run.ts';
import { findRunningStack, type LocalStack, startLocalStack } from '../infra/local/stack.ts';

const DEMO_SEED = 1;
const NOTIFY = 'district-success@example.org';

const started = performance.now();
let ownStack: LocalStack | undefined;
let state = await findRunningStack();
if (state) {
  console.log(`Using the running local stack at ${state.apiUrl}`);
} else {
  console.log('No local stack running (npm start): starting one in this process…');
  ownStack = await startLocalStack({ port: 0, seed: DEMO_SEED });
  state = ownStack.state;
}

try {
  const [sandbox] = demoDistrictSpecs(DEMO_SEED);
  const students = generateDemoDataset(sandbox).app.student;
  const csv = [students.headers, ...students.rows].map(csvLine).join('');
  console.log(`Demo upload: ${students.rows.length} students of "${sandbox.options.districtName}"`);
  const { job, email } = await runDemoUpload(
    state,
    { csv, idColumn: students.headers[0], notify: NOTIFY },
    (line) => console.log(line),
  );
  if (job.status !== 'completed')
    throw new Error(`job ended ${job.status}: ${job.failure?.reason ?? 'timed out'}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `4. Done in ${seconds} s: ${job.rows?.app} app records against ${job.rows?.clever} Clever records`,
  );
  for (const [result, count] of Object.entries(job.counts ?? {}))
    console.log(`     ${result.padEnd(24)} ${count}`);
  if (!email) throw new Error('no email arrived');
  console.log(`5. Email to ${NOTIFY} (mailbox ${state.mailboxUrl}/):`);
  console.log(`     Subject: ${email.subject}`);
  for (const line of (email.body.text ?? '').split('\n')) console.log(`     | ${line}`);
} catch (error) {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await ownStack?.close();
}
