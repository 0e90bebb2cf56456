// `npm run demo:onboarding`: district onboarding end to end over HTTP only, against the stack `npm start`
// is running or, if none is, against one started here, on the emulator's demo districts: saves the
// organisations, imports tokens (one district links itself by MDR number), links a district to an org
// through the real OAuth round trip as its Clever district admin, and prints the admin pick list with
// ranked candidates for the districts still unlinked. Against a running stack the link it made is undone
// at the end, so the stack is left as `npm start` seeded it.

import { type AdminApiTarget, callAdminApi } from '../infra/local/admin-api.ts';
import { onboardingDemo, seedOnboardingDemo } from '../infra/local/seed.ts';
import { findRunningStack, type LocalStack, startLocalStack } from '../infra/local/stack.ts';
import { LOCAL_ADMIN_TOKEN_DEFAULT } from '../lib/config.ts';
import type { AdminDistrictView } from '../lib/onboarding/admin-districts.ts';
import type { AuditEntry } from '../lib/ports/onboarding.ts';

// The SDK's Node 20 notice is noise in a demo (stack.md §3).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const DEMO_SEED = 1;

const say = (line = '') => process.stdout.write(`${line}\n`);

let ownStack: LocalStack | undefined;
let target: AdminApiTarget & { seed: number };
const running = await findRunningStack();
if (running) {
  say(`Using the running local stack (npm start) at ${running.apiUrl}`);
  target = running;
} else {
  say('No local stack running (npm start): starting one in this process…');
  ownStack = await startLocalStack({
    port: 0,
    seed: DEMO_SEED,
    adminToken: process.env.ADMIN_TOKEN ?? LOCAL_ADMIN_TOKEN_DEFAULT,
    // The replayed redirect of step 3 is refused on purpose; its warning would interrupt the walkthrough.
    env: { LOG_LEVEL: 'ERROR' },
  });
  target = ownStack.state;
}
const demo = onboardingDemo(target.seed);

/** A browser's request to our site: no admin token, the cookie it holds, redirects not followed. */
async function browserGet(path: string, cookie?: string) {
  const response = await fetch(new URL(path, target.apiUrl), {
    headers: cookie ? { cookie } : {},
    redirect: 'manual',
  });
  return {
    location: response.headers.get('location') ?? '',
    status: response.status,
    text: await response.text(),
  };
}

async function listDistricts(query: string): Promise<AdminDistrictView[]> {
  return (await callAdminApi<{ districts: AdminDistrictView[] }>(target, 'GET', `/admin/districts?${query}`))
    .districts;
}

try {
  say('\n1. Organisations (PUT /admin/orgs/{orgId})');
  for (const [orgId, org] of Object.entries(demo.organisations))
    say(
      `   ${orgId.padEnd(12)} ${org.name} [${org.usState}]${org.mdrNumbers?.length ? ` MDR ${org.mdrNumbers.join(', ')}` : ''}${org.emailDomains?.length ? ` email ${org.emailDomains.join(', ')}` : ''}`,
    );

  say('\n2. Token import (POST /admin/tokens/import): every district shared with the app');
  const summary = await seedOnboardingDemo(target, demo);
  const autoLinked = new Set(summary.autoLinked.map((link) => link.districtId));
  say(`   imported ${summary.imported.length} districts; linked now:`);
  for (const district of await listDistricts('status=linked')) {
    const how = autoLinked.has(district.districtId) ? '  (exact MDR/NCES number, by this import)' : '';
    say(`     ${district.name} → ${district.orgId}${how}`);
  }

  const { linkOrgId, linkDistrict } = demo;
  const [admin] = linkDistrict.admins;
  say(`\n3. "Log in with Clever" link for org "${linkOrgId}" (POST /admin/orgs/${linkOrgId}/clever-link)`);
  const created = await fetch(new URL(`/admin/orgs/${linkOrgId}/clever-link`, target.apiUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${target.adminToken}` },
  });
  if (!created.ok) throw new Error(`POST /admin/orgs/${linkOrgId}/clever-link answered ${created.status}`);
  const { url, expiresAt } = (await created.json()) as { url: string; expiresAt: string };
  const cookie = (created.headers.get('set-cookie') ?? '').split(';')[0];
  say(`   ${url.replace(/state=[^&]+/, 'state=<opaque handle>')}  (expires ${expiresAt})`);
  say(`   ${linkDistrict.name}'s district admin ${admin.name} logs in at Clever (login_as=${admin.id}) …`);
  const authorize = new URL(url);
  authorize.searchParams.set('login_as', admin.id);
  const atClever = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(atClever.headers.get('location') ?? '');
  say(`   … and Clever redirects the browser to ${callback.origin}${callback.pathname}?code=…&state=…`);
  const linked = await browserGet(`${callback.pathname}${callback.search}`, cookie);
  say(`   callback: ${linked.status} → ${linked.location}`);
  const page = await browserGet(new URL(linked.location).pathname + new URL(linked.location).search);
  say(`   page: "${/<h1>(.*?)<\/h1>/.exec(page.text)?.[1]}"`);
  const replay = await browserGet(`${callback.pathname}${callback.search}`, cookie);
  say(`   the same redirect again (refresh/back button): → ${replay.location}`);

  say('\n4. Admin pick list (GET /admin/districts?status=unlinked): ranked candidates with evidence');
  for (const district of await listDistricts('status=unlinked')) {
    const notes = [
      district.relations.sameNameOtherState.length ? 'same name in another state' : '',
      district.relations.possibleSameDistrict.length ? 'possibly another account of the same district' : '',
    ].filter(Boolean);
    say(
      `   ${district.name} [${district.usState ?? '?'}] ${district.districtId}${notes.length ? `  (${notes.join('; ')})` : ''}`,
    );
    if (district.candidates.length === 0) say('      no candidate organisation');
    for (const candidate of district.candidates.slice(0, 3))
      say(
        `      ${candidate.score.toFixed(2)}  ${candidate.orgId.padEnd(12)} ${candidate.evidence.join('; ')}`,
      );
  }

  say(`\n5. Audit trail of ${linkDistrict.name} (GET /admin/districts/{id}/audit)`);
  const { audit } = await callAdminApi<{ audit: AuditEntry[] }>(
    target,
    'GET',
    `/admin/districts/${linkDistrict.id}/audit`,
  );
  for (const entry of audit)
    say(
      `   ${entry.at} ${entry.action} → ${entry.toOrgId ?? '-'} by ${entry.actor}: ${entry.evidence.join('; ')}`,
    );

  if (running && linked.location.endsWith('outcome=linked')) {
    await callAdminApi(
      target,
      'DELETE',
      `/admin/districts/${linkDistrict.id}/org?expectedOrgId=${encodeURIComponent(linkOrgId)}`,
    );
    say(
      `\n6. Unlinked ${linkDistrict.name} again (DELETE /admin/districts/{id}/org), as npm start left it: try the link in a browser.`,
    );
  }
} catch (error) {
  process.stderr.write(`demo failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await ownStack?.close();
}
