import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDistrictsForAdmin } from '../../../lib/onboarding/admin-districts.ts';
import { handleInstantLogin } from '../../../lib/onboarding/instant-login.ts';
import { importDistrictTokens } from '../../../lib/onboarding/tokens.ts';
import { APP_BASE, type Harness, LOGIN_URI, outcomeOf, startHarness, TEST_CLIENT } from './harness.ts';

let h: Harness;
let ready: Harness['districts'][number];
let unknown: Harness['districts'][number];

/** A portal launch: Clever's own Instant Login link, arriving at the first redirect URI without state. */
async function portalLogin(userId: string, extra: Record<string, string> = {}) {
  const url = new URL('/oauth/instant-login', h.emulator.url);
  url.searchParams.set('client_id', TEST_CLIENT.clientId);
  const back = await h.authorize(url.toString(), userId, extra);
  expect(`${back.origin}${back.pathname}`).toBe(LOGIN_URI);
  expect(back.searchParams.has('state')).toBe(false);
  return back;
}

beforeAll(async () => {
  h = await startHarness([
    { number: 21, name: 'Ready Valley USD', usState: 'WA', emailDomain: 'ready.example.org' },
    { number: 22, name: 'Newcomer ISD', usState: 'TX', emailDomain: 'newcomer.example.org' },
  ]);
  [ready, unknown] = h.districts;
  await h.addOrg({ orgId: 'ready-org', name: 'Ready Valley' });
  await importDistrictTokens(h.deps, { districtId: ready.districtId });
  await h.deps.store.addDistrictToOrg('ready-org', ready.districtId, { exclusive: true });
  await h.deps.store.setDistrictOrg(
    ready.districtId,
    'ready-org',
    undefined,
    'test',
    new Date().toISOString(),
  );
});
afterAll(() => h.close());

describe('Instant Login', () => {
  it('signs a user of a linked, connected district in by Clever user id and district, with a fresh session', async () => {
    const back = await portalLogin(ready.teacherId);
    const result = await handleInstantLogin(h.deps, { rawQuery: back.search.slice(1) });
    expect(result.status).toBe(303);
    expect(result.headers.Location).toBe(`${APP_BASE}/`);
    expect(result.headers['Referrer-Policy']).toBe('no-referrer');
    expect(result.cookies[0]).toMatch(
      /^rm_session=[\w-]{43}; Path=\/; Max-Age=\d+; HttpOnly; Secure; SameSite=Lax$/,
    );
    const sessions = (await h.snapshot()).filter((item) => String(item.pk).startsWith('SESSION#'));
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      cleverUserId: ready.teacherId,
      districtId: ready.districtId,
      orgId: 'ready-org',
    });
    expect(JSON.stringify(sessions[0])).not.toContain('@');
  });

  it('shows "being set up" for an unknown district and records it as pending with the login as evidence', async () => {
    const back = await portalLogin(unknown.teacherId);
    const result = await handleInstantLogin(h.deps, { rawQuery: back.search.slice(1) });
    expect(outcomeOf(result)).toBe('setting_up');
    expect(result.cookies).toEqual([]);
    const pending = await h.deps.store.getDistrict(unknown.districtId);
    expect(pending).toMatchObject({
      connection: 'not_connected',
      loginAttempts: 1,
      loginUserTypes: ['teacher'],
    });
    expect(pending?.orgId).toBeUndefined();
    const [listed] = await listDistrictsForAdmin(h.deps, { status: 'pending' });
    expect(listed).toMatchObject({ districtId: unknown.districtId, instantLogin: { attempts: 1 } });
  });

  it('never links a district, even for its district admin', async () => {
    await h.addOrg({ orgId: 'newcomer-org', name: 'Newcomer ISD' });
    const back = await portalLogin(unknown.districtAdminId);
    expect(outcomeOf(await handleInstantLogin(h.deps, { rawQuery: back.search.slice(1) }))).toBe(
      'setting_up',
    );
    expect((await h.deps.store.getDistrict(unknown.districtId))?.orgId).toBeUndefined();
    expect((await h.deps.store.getOrg('newcomer-org'))?.districtIds).toEqual([]);
  });

  it('shows "being set up" for a linked district whose token disappeared', async () => {
    h.emulator.admin.revokeToken(ready.districtId);
    await importDistrictTokens(h.deps);
    const back = await portalLogin(ready.studentId);
    expect(outcomeOf(await handleInstantLogin(h.deps, { rawQuery: back.search.slice(1) }))).toBe(
      'setting_up',
    );
  });

  it('refuses a login code that reaches us twice (refresh, back button) without exchanging it again', async () => {
    const back = await portalLogin(unknown.teacherId);
    await handleInstantLogin(h.deps, { rawQuery: back.search.slice(1) });
    const exchanges = h.tokenExchanges();
    const before = await h.snapshot();
    const again = await handleInstantLogin(h.deps, { rawQuery: back.search.slice(1) });
    expect(outcomeOf(again)).toBe('code_used');
    expect(h.tokenExchanges()).toBe(exchanges);
    expect(await h.snapshot()).toEqual(before);
  });

  it('shows a neutral page for error=access_denied and a 400 for a missing code, never calling Clever', async () => {
    const exchanges = h.tokenExchanges();
    const before = await h.snapshot([]);
    const denied = await handleInstantLogin(h.deps, { rawQuery: 'error=access_denied&error_description=no' });
    const missing = await handleInstantLogin(h.deps, { rawQuery: '' });
    expect(outcomeOf(denied)).toBe('denied');
    expect(missing.status).toBe(400);
    expect(h.tokenExchanges()).toBe(exchanges);
    expect(await h.snapshot([])).toEqual(before);
  });
});
