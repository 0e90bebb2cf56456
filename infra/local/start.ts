// `npm start`: the whole system on 127.0.0.1 in this one process. Ctrl-C stops everything.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { LOCAL_ADMIN_TOKEN_DEFAULT } from '../../lib/config.ts';
import { LOCAL_STACK_STATE_FILE, type LocalStackState, startLocalStack } from './stack.ts';

const port = Number(process.env.PORT ?? 3000);
const stack = await startLocalStack({
  port,
  adminToken: process.env.ADMIN_TOKEN ?? LOCAL_ADMIN_TOKEN_DEFAULT,
  emulatorPort: Number(process.env.CLEVER_EMULATOR_PORT ?? 0),
  onMatchError: (error, attempt) =>
    process.stderr.write(`match function failed (attempt ${attempt + 1}): ${(error as Error).name}\n`),
});

process.stdout.write(
  [
    'rostermatch local stack is up (127.0.0.1 only)',
    `  API             ${stack.apiUrl}`,
    `  admin token     ${stack.adminToken}   (Authorization: Bearer <token>; set ADMIN_TOKEN to change)`,
    `  mailbox         ${stack.mailboxUrl}/   (sent email; JSON at ${stack.mailboxUrl}/store)`,
    `  Clever emulator ${stack.emulator.url}`,
    `  S3 / DynamoDB   ${stack.aws.s3Endpoint} / ${stack.aws.dynamoEndpoint}  (bucket and table "${stack.bucket}")`,
    `  demo district   ${stack.demo.districtId}, linked to organisation "${stack.demo.orgId}"`,
    '',
    'Try: npm run demo    Stop: Ctrl-C',
    '',
  ].join('\n'),
);

// `npm run demo` finds the running stack (its servers use free ports) through this file.
const state: LocalStackState = stack.state;
await mkdir('.data', { recursive: true });
await writeFile(LOCAL_STACK_STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('stopping…\n');
  await rm(LOCAL_STACK_STATE_FILE, { force: true });
  await stack.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
