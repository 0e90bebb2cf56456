// `npm run demo:onboarding`: district onboarding end to end on the local stack. It starts the stack (API on
// PORT, default 3000, the port the emulator's demo app registration names), then, over HTTP only:
// saves organisations, imports tokens (one district links itself by MDR number), links a district to an
// org through the real OAuth round trip as its Clever district admin, and prints the admin pick list with
// ranked candidates for the districts still unlinked.

import { startLocalStack } from '../infra/local/stack.ts';
import { demoDistricts } from '../lib/clever/emulator/demo.ts';
import { LOCAL_ADMIN_TOKEN_DEFAULT } from '../lib/config.ts';
import type { AdminDistrictView } from '../lib/onboarding/admin-districts.ts';
import { onboardingDistrict } from '../lib/onboarding/demo-districts.ts';

// The SDK's Node 20 notice is noise in a demo (stack.md §3).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const port = Number(process.env.PORT ?? 3000);
const adminToken = process.env.ADMIN_TOKEN ?? LOCAL_ADMIN_TOKEN_DEFAULT;

const springfield = onboardingDistrict({
  number: 51,
  name: 'Springfield Unified School District',
  usState: 'IL',
  emailDomain: 'springfield.example.org',
  ncesId: '1737510',
});
const onboardingDemo = [
  springfield,
  onboardingDistrict({
    number: 52,
    name: 'Riverside USD',
    usState: 'CA',
    emailDomain: 'riverside.example.org',
    mdrNumber: '52525252',
  }),
  onboardingDistrict({
    number: 53,
    name: 'Shelbyville Public Schools',
    usState: 'IL',
    emailDomain: 'shelbyville.example.org',
  }),
  onboardingDistrict({
    number: 54,
    name: 'Springfield Public Schools',
    usState: 'OR',
    emailDomain: 'springfield.k12.or.example',
  }),
  onboardingDistrict({
    number: 55,
    name: 'Cedar Creek Academy',
    usState: 'OR',
    emailDomain: 'cedarcreek.example.org',
    mdrNumber: '55555555',
    schools: 1,
  }),
];

const organisations = {
  springfield: {
    name: 'Springfield Public Schools District 186',
    usState: 'IL',
    emailDomains: ['springfield.example.org'],
  },
  riverside: { name: 'Riverside Unified', usState: 'CA', mdrNumbers: ['52525252'] },
  shelbyville: { name: 'Shelbyville Schools', usState: 'IL', emailDomains: ['shelbyville.example.org'] },
  'springfield-or': { name: 'Springfield School District 19', usState: 'OR' },
  cedar: { name: 'Cedar Creek Academy', usState: 'OR', mdrNumbers: ['55555555'] },
};

const say = (line = '') => process.stdout.write(`${line}\n`);

const stack = await startLocalStack({
  port,
  adminToken,
  districts: [...demoDistricts(1), ...onboardingDemo.map((district) => district.dataset)],
}).catch((error: Error) => {
  process.stderr.write(
    `Could not start the local stack on port ${port} (${error.message}). Stop \`npm start\` first: the demo app registration in the Clever emulator only knows port 3000.\n`,
  );
  process.exit(1);
});

async function api(method: string, path: string, options: { body?: unknown; cookie?: string } = {}) {
  const response = await fetch(new URL(path, stack.apiUrl), {
    method,
    headers: {
      authorization: `Bearer ${adminToken}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: 'manual',
  });
  const text = await response.text();
  if (response.status >= 400 && !path.startsWith('/oauth/'))
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return { response, text };
}

try {
  say(`Local stack up: API ${stack.apiUrl}, Clever emulator ${stack.emulator.url}`);
  say('\n1. Organisations (PUT /admin/orgs/{orgId})');
  for (const [orgId, org] of Object.entries(organisations)) {
    await api('PUT', `/admin/orgs/${orgId}`, { body: org });
    say(`   ${orgId.padEnd(15)} ${org.name}`);
  }

  say('\n2. Token import (POST /admin/tokens/import): every district shared with the app');
  const summary = JSON.parse((await api('POST', '/admin/tokens/import')).text);
  say(
    `   imported ${summary.imported.length} districts; linked by exact MDR/NCES: ${JSON.stringify(summary.autoLinked)}`,
  );

  say('\n3. "Log in with Clever" link for org "springfield" (POST /admin/orgs/springfield/clever-link)');
  const created = await api('POST', '/admin/orgs/springfield/clever-link');
  const { url, expiresAt } = JSON.parse(created.text);
  const cookie = (created.response.headers.get('set-cookie') ?? '').split(';')[0];
  say(`   ${url.replace(/state=[^&]+/, 'state=<opaque handle>')}  (expires ${expiresAt})`);

  say(`   The district admin logs in at Clever (emulator login_as=${springfield.districtAdminId}) …`);
  const authorize = new URL(url);
  authorize.searchParams.set('login_as', springfield.districtAdminId);
  const atClever = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(atClever.headers.get('location') ?? '');
  say(`   … and Clever redirects the browser to ${callback.origin}${callback.pathname}?code=…&state=…`);
  const linked = await api('GET', `${callback.pathname}${callback.search}`, { cookie });
  const clean = linked.response.headers.get('location') ?? '';
  say(`   callback: ${linked.response.status} → ${clean}`);
  const page = await api('GET', new URL(clean).pathname + new URL(clean).search);
  say(`   page: "${/<h1>(.*?)<\/h1>/.exec(page.text)?.[1]}"`);
  const replay = await api('GET', `${callback.pathname}${callback.search}`, { cookie });
  say(`   the same redirect again (refresh/back button): → ${replay.response.headers.get('location')}`);

  say('\n4. Admin pick list (GET /admin/districts?status=unlinked): ranked candidates with evidence');
  const { districts } = JSON.parse((await api('GET', '/admin/districts?status=unlinked')).text) as {
    districts: AdminDistrictView[];
  };
  for (const district of districts) {
    const notes = [
      district.relations.sameNameOtherState.length ? 'same name in another state' : '',
      district.relations.possibleSameDistrict.length ? 'possibly another account of the same district' : '',
    ].filter(Boolean);
    say(
      `   ${district.name} [${district.usState ?? '?'}] ${district.districtId}${notes.length ? `  (${notes.join('; ')})` : ''}`,
    );
    if (district.candidates.length === 0) say('      no candidate organisation');
    for (const candidate of district.candidates.slice(0, 3)) {
      say(
        `      ${candidate.score.toFixed(2)}  ${candidate.orgId.padEnd(15)} ${candidate.evidence.join('; ')}`,
      );
    }
  }

  say('\n5. Audit trail of the linked district (GET /admin/districts/{id}/audit)');
  const { audit } = JSON.parse((await api('GET', `/admin/districts/${springfield.districtId}/audit`)).text);
  for (const entry of audit)
    say(`   ${entry.at} ${entry.action} → ${entry.toOrgId} by ${entry.actor}: ${entry.evidence.join('; ')}`);
} finally {
  await stack.close();
}
