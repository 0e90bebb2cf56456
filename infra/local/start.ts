// `npm start`: the whole system on 127.0.0.1 in this one process. Ctrl-C stops everything.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { LOCAL_ADMIN_TOKEN_DEFAULT } from '../../lib/config.ts';
import type { AdminDistrictView } from '../../lib/onboarding/admin-districts.ts';
import { callAdminApi } from './admin-api.ts';
import { LOCAL_STACK_STATE_FILE, type LocalStackState, startLocalStack } from './stack.ts';

const port = Number(process.env.PORT ?? 3000);
const stack = await startLocalStack({
  port,
  adminToken: process.env.ADMIN_TOKEN ?? LOCAL_ADMIN_TOKEN_DEFAULT,
  emulatorPort: Number(process.env.CLEVER_EMULATOR_PORT ?? 0),
  seedOnboarding: true,
  onMatchError: (error, attempt) =>
    process.stderr.write(`match function failed (attempt ${attempt + 1}): ${(error as Error).name}\n`),
});
if (!stack.onboarding) throw new Error('The local stack started without its onboarding demo.');
const { demo, imported } = stack.onboarding;
const districtNames = new Map(stack.emulator.districts().map((district) => [district.id, district.name]));
const named = (districtId: string) => districtNames.get(districtId) ?? districtId;
const { districts: unlinked } = await callAdminApi<{ districts: AdminDistrictView[] }>(
  stack.state,
  'GET',
  '/admin/districts?status=unlinked',
);
const [admin] = demo.linkDistrict.admins;

process.stdout.write(
  [
    'rostermatch local stack is up (127.0.0.1 only)',
    `  console         ${stack.apiUrl}/console   (web console for app admins: enter the admin token)`,
    `  API             ${stack.apiUrl}`,
    `  admin token     ${stack.adminToken}   (Authorization: Bearer <token>; set ADMIN_TOKEN to change)`,
    `  mailbox         ${stack.mailboxUrl}/   (sent email; JSON at ${stack.mailboxUrl}/store)`,
    `  Clever emulator ${stack.emulator.url}`,
    `  S3 / DynamoDB   ${stack.aws.s3Endpoint} / ${stack.aws.dynamoEndpoint}  (bucket and table "${stack.bucket}")`,
    '',
    'Onboarding (docs/onboarding.md):',
    `  organisations   ${[stack.demo.orgId, ...Object.keys(demo.organisations)].join(', ')}`,
    `  tokens imported ${imported.imported.length} districts from the emulator's /oauth/tokens`,
    `  linked          ${named(stack.demo.districtId)} → ${stack.demo.orgId} (the demo district of npm run demo)`,
    ...imported.autoLinked.map(
      (link) => `                  ${named(link.districtId)} → ${link.orgId} (exact MDR/NCES number)`,
    ),
    `  unlinked        ${unlinked.map((district) => district.name ?? district.districtId).join(', ')}`,
    '',
    'Try:',
    '  npm run demo              upload → match → email for the demo district',
    '  npm run demo:onboarding   the onboarding walkthrough over HTTP, against this stack',
    `  curl -s -H 'authorization: Bearer ${stack.adminToken}' '${stack.apiUrl}/admin/districts?status=unlinked'`,
    '                            the pick list: unlinked districts with ranked candidate organisations',
    `  "Log in with Clever" for ${demo.linkDistrict.name}: in the console (${stack.apiUrl}/console), on the`,
    `  ${demo.linkDistrict.name} card, click 'Make "Log in with Clever" link' under ${demo.linkOrgId} (the link`,
    "  is bound to the browser that creates it) and follow the link; on the emulator's page choose",
    `  ${demo.linkDistrict.name} and log in as ${admin.name} (district admin, ${admin.title}): you land on`,
    '  /oauth/clever/link?outcome=linked ("District linked"), and the console lists the district as linked.',
    '',
    'Stop: Ctrl-C',
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
