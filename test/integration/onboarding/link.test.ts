import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkUrl, handleLinkCallback } from '../../../lib/onboarding/link.ts';
import { OUTCOMES } from '../../../lib/onboarding/outcomes.ts';
import { randomHandle } from '../../../lib/onboarding/web-result.ts';
import { onboardingDistrict } from './districts.ts';
import {
  APP_BASE,
  cookieOf,
  type Harness,
  LINK_URI,
  outcomeOf,
  startHarness,
  TEST_CLIENT,
} from './harness.ts';

let h: Harness;
let springfield: Harness['districts'][number];
let shelbyville: Harness['districts'][number];

beforeAll(async () => {
  h = await startHarness([
    { number: 1, name: 'Springfield USD', usState: 'IL', emailDomain: 'springfield.example.org' },
    { number: 2, name: 'Shelbyville ISD', usState: 'IL', emailDomain: 'shelbyville.example.org' },
  ]);
  [springfield, shelbyville] = h.districts;
  for (const orgId of ['org-a', 'org-b', 'org-c', 'org-d', 'org-e', 'org-f', 'org-g', 'org-h'])
    await h.addOrg({ orgId });
});
afterAll(() => h.close());

const link = (orgId: string, returnTo?: string, cookieHeader?: string) =>
  createLinkUrl(h.deps, { orgId, actor: 'app-admin@example.test', returnTo, cookieHeader });

describe('the state-linked "Log in with Clever" round trip', () => {
  it('links the district from /me to the org named by the state, audits it, and drops code and state', async () => {
    const created = await link('org-a');
    expect(new URL(created.url).searchParams.get('state')).not.toContain('org-a');
    const result = await h.followLink(created, springfield.districtAdminId);

    expect(result.status).toBe(303);
    expect(result.headers.Location).toBe(`${LINK_URI}?outcome=linked`);
    expect(result.headers['Cache-Control']).toBe('no-store');
    expect(result.headers['Referrer-Policy']).toBe('no-referrer');
    expect((await h.deps.store.getDistrict(springfield.districtId))?.orgId).toBe('org-a');
    expect((await h.deps.store.getOrg('org-a'))?.districtIds).toEqual([springfield.districtId]);
    const [entry] = await h.deps.store.listAudit(springfield.districtId);
    expect(entry).toMatchObject({
      action: 'link',
      toOrgId: 'org-a',
      actor: `clever:${springfield.districtAdminId}`,
    });
    expect(entry.evidence[0]).toContain('app-admin@example.test');
  });

  it('renders the clean outcome URL as a page with the same protective headers', async () => {
    const result = await handleLinkCallback(h.deps, { rawQuery: 'outcome=linked' });
    expect(result.status).toBe(200);
    expect(result.body).toContain(OUTCOMES.linked.title);
    expect(result.headers['Referrer-Policy']).toBe('no-referrer');
  });

  it('sends the admin to an allowed returnTo path after linking, and ignores one that leaves our site', async () => {
    await h.addOrg({ orgId: 'org-return' });
    const inside = await link('org-return', '/admin/districts?status=linked');
    await h.deps.store.putOrg({
      orgId: 'org-return',
      name: 'x',
      mdrNumbers: [],
      ncesIds: [],
      emailDomains: [],
    });
    const result = await h.followLink(inside, shelbyville.districtAdminId);
    expect(result.headers.Location).toBe(`${APP_BASE}/admin/districts?status=linked`);

    const outside = await link('org-return', 'https://evil.example/steal');
    const replay = await h.followLink(outside, shelbyville.districtAdminId);
    expect(replay.headers.Location).toBe(`${LINK_URI}?outcome=already_linked`);
    // Undo for the tests below, which expect Shelbyville unlinked.
    await h.deps.store.setDistrictOrg(
      shelbyville.districtId,
      undefined,
      'org-return',
      'test',
      new Date().toISOString(),
    );
    await h.deps.store.removeDistrictFromOrg('org-return', shelbyville.districtId);
  });
});

describe('misuse of the link callback ends on a clear page with nothing changed', () => {
  it('refuses a replayed code+state without calling Clever again', async () => {
    const created = await link('org-b');
    const back = await h.authorize(created.url, shelbyville.teacherId);
    const request = { rawQuery: back.search.slice(1), cookieHeader: cookieOf(created) };
    await handleLinkCallback(h.deps, request);
    const before = await h.snapshot();
    const exchanges = h.tokenExchanges();

    const replay = await handleLinkCallback(h.deps, request);
    expect(outcomeOf(replay)).toBe('used_state');
    expect(h.tokenExchanges()).toBe(exchanges);
    expect(await h.snapshot()).toEqual(before);
  });

  it('refuses an expired state (older than 10 minutes)', async () => {
    const created = await link('org-b');
    const back = await h.authorize(created.url, shelbyville.districtAdminId);
    h.advanceClock(10 * 60_000 + 1_000);
    try {
      const before = await h.snapshot();
      const result = await handleLinkCallback(h.deps, {
        rawQuery: back.search.slice(1),
        cookieHeader: cookieOf(created),
      });
      expect(outcomeOf(result)).toBe('expired_state');
      expect(await h.snapshot()).toEqual(before);
    } finally {
      h.advanceClock(-(10 * 60_000 + 1_000));
    }
  });

  it('refuses a forged state and a callback without state, never calling Clever', async () => {
    const created = await link('org-b');
    const exchanges = h.tokenExchanges();
    const before = await h.snapshot();
    const forged = await handleLinkCallback(h.deps, {
      rawQuery: `code=abc&state=${randomHandle()}`,
      cookieHeader: cookieOf(created),
    });
    const stateless = await handleLinkCallback(h.deps, {
      rawQuery: 'code=abc',
      cookieHeader: cookieOf(created),
    });
    expect(outcomeOf(forged)).toBe('invalid_state');
    expect(outcomeOf(stateless)).toBe('invalid_state');
    expect(h.tokenExchanges()).toBe(exchanges);
    expect(await h.snapshot()).toEqual(before);
  });

  it('refuses a state used from another browser session and leaves it usable from the right one', async () => {
    const created = await link('org-c');
    const otherBrowser = await link('org-c');
    const back = await h.authorize(created.url, shelbyville.districtAdminId);
    const before = await h.snapshot();

    const foreign = await handleLinkCallback(h.deps, {
      rawQuery: back.search.slice(1),
      cookieHeader: cookieOf(otherBrowser),
    });
    const noCookie = await handleLinkCallback(h.deps, { rawQuery: back.search.slice(1) });
    expect(outcomeOf(foreign)).toBe('foreign_session');
    expect(outcomeOf(noCookie)).toBe('foreign_session');
    expect(await h.snapshot()).toEqual(before);

    const rightful = await handleLinkCallback(h.deps, {
      rawQuery: back.search.slice(1),
      cookieHeader: cookieOf(created),
    });
    expect(outcomeOf(rightful)).toBe('linked');
    await h.deps.store.setDistrictOrg(
      shelbyville.districtId,
      undefined,
      'org-c',
      'test',
      new Date().toISOString(),
    );
    await h.deps.store.removeDistrictFromOrg('org-c', shelbyville.districtId);
  });

  it('shows a neutral page for error=access_denied, with no token call and no link', async () => {
    const created = await link('org-d');
    const back = await h.authorize(created.url, shelbyville.districtAdminId, { decline: '1' });
    expect(back.searchParams.get('error')).toBe('access_denied');
    const exchanges = h.tokenExchanges();
    const before = await h.snapshot();
    const result = await handleLinkCallback(h.deps, {
      rawQuery: back.search.slice(1),
      cookieHeader: cookieOf(created),
    });
    expect(outcomeOf(result)).toBe('denied');
    expect(h.tokenExchanges()).toBe(exchanges);
    expect(await h.snapshot()).toEqual(before);
  });

  it.each([
    ['a missing code', (state: string) => `state=${state}`],
    ['an empty code', (state: string) => `code=&state=${state}`],
    ['a duplicated code', (state: string) => `code=a&code=b&state=${state}`],
    ['a duplicated state', (state: string) => `code=a&state=${state}&state=${state}`],
    ['an 8 KB parameter', (state: string) => `code=${'x'.repeat(8192)}&state=${state}`],
  ])('answers %s with 400 and leaves the state usable', async (_name, query) => {
    const created = await link('org-d');
    const state = new URL(created.url).searchParams.get('state') ?? '';
    const before = await h.snapshot([]);
    const result = await handleLinkCallback(h.deps, {
      rawQuery: query(state),
      cookieHeader: cookieOf(created),
    });
    expect(result.status).toBe(400);
    expect(result.body).toContain(OUTCOMES.bad_request.title);
    expect(result.headers['Cache-Control']).toBe('no-store');
    expect(await h.snapshot([])).toEqual(before);
  });

  it('refuses a code that already reached us, even with a fresh state, without exchanging it again', async () => {
    const first = await link('org-d');
    const back = await h.authorize(first.url, shelbyville.teacherId);
    await handleLinkCallback(h.deps, { rawQuery: back.search.slice(1), cookieHeader: cookieOf(first) });
    const second = await link('org-d');
    const exchanges = h.tokenExchanges();
    const before = await h.snapshot();
    const state = new URL(second.url).searchParams.get('state');
    const result = await handleLinkCallback(h.deps, {
      rawQuery: `code=${back.searchParams.get('code')}&state=${state}`,
      cookieHeader: cookieOf(second),
    });
    expect(outcomeOf(result)).toBe('code_used');
    expect(h.tokenExchanges()).toBe(exchanges);
    expect(await h.snapshot()).toEqual(before);
  });

  it('refuses a link by a user who is not the district’s Clever admin, and records the attempt', async () => {
    const before = await h.deps.store.getDistrict(shelbyville.districtId);
    const result = await h.followLink(await link('org-e'), shelbyville.teacherId);
    expect(outcomeOf(result)).toBe('not_district_admin');
    const after = await h.deps.store.getDistrict(shelbyville.districtId);
    expect(after?.orgId).toBeUndefined();
    expect(after?.openConflicts).toBe((before?.openConflicts ?? 0) + 1);
    expect((await h.deps.store.getOrg('org-e'))?.districtIds).toEqual([]);
    const audit = await h.deps.store.listAudit(shelbyville.districtId);
    expect(audit.at(-1)).toMatchObject({
      action: 'link_refused',
      reason: 'not_district_admin',
      toOrgId: 'org-e',
    });
  });

  it('refuses to move a district already linked to another org, recording the conflicting claim', async () => {
    const result = await h.followLink(await link('org-f'), springfield.districtAdminId);
    expect(outcomeOf(result)).toBe('conflict');
    expect((await h.deps.store.getDistrict(springfield.districtId))?.orgId).toBe('org-a');
    expect((await h.deps.store.getOrg('org-f'))?.districtIds).toEqual([]);
    const audit = await h.deps.store.listAudit(springfield.districtId);
    expect(audit.at(-1)).toMatchObject({ action: 'link_refused', toOrgId: 'org-f' });
    expect(audit.at(-1)?.reason).toContain('org-a');
  });

  it('refuses a second district for an org that is already linked', async () => {
    const result = await h.followLink(await link('org-a'), shelbyville.districtAdminId);
    expect(outcomeOf(result)).toBe('conflict');
    expect((await h.deps.store.getOrg('org-a'))?.districtIds).toEqual([springfield.districtId]);
    expect((await h.deps.store.getDistrict(shelbyville.districtId))?.orgId).toBeUndefined();
  });

  it('asks for a retry and links nothing when Clever’s token endpoint fails', async () => {
    const created = await link('org-g');
    const back = await h.authorize(created.url, shelbyville.districtAdminId);
    h.emulator.admin.setFaults({ failNext: 10 });
    try {
      const before = await h.snapshot();
      const result = await handleLinkCallback(h.deps, {
        rawQuery: back.search.slice(1),
        cookieHeader: cookieOf(created),
      });
      expect(outcomeOf(result)).toBe('clever_unavailable');
      expect(await h.snapshot()).toEqual(before);
    } finally {
      h.emulator.admin.resetFaults();
    }
  });
});

describe('two admins racing', () => {
  it('lets exactly one of two orgs claim the same district; the other is recorded as a conflict', async () => {
    const [first, second] = await Promise.all([link('org-g'), link('org-h')]);
    const [backFirst, backSecond] = await Promise.all([
      h.authorize(first.url, shelbyville.districtAdminId),
      h.authorize(second.url, shelbyville.districtAdminId),
    ]);
    const results = await Promise.all([
      handleLinkCallback(h.deps, { rawQuery: backFirst.search.slice(1), cookieHeader: cookieOf(first) }),
      handleLinkCallback(h.deps, { rawQuery: backSecond.search.slice(1), cookieHeader: cookieOf(second) }),
    ]);
    expect(results.map(outcomeOf).sort()).toEqual(['conflict', 'linked']);
    const winner = outcomeOf(results[0]) === 'linked' ? 'org-g' : 'org-h';
    const loser = winner === 'org-g' ? 'org-h' : 'org-g';
    expect((await h.deps.store.getDistrict(shelbyville.districtId))?.orgId).toBe(winner);
    expect((await h.deps.store.getOrg(winner))?.districtIds).toEqual([shelbyville.districtId]);
    expect((await h.deps.store.getOrg(loser))?.districtIds).toEqual([]);
  });

  it('lets one of two tabs racing with the same link win; the other is told the link was used', async () => {
    await h.addOrg({ orgId: 'org-i' });
    const created = await link('org-i');
    const third = onboardingDistrict({
      number: 3,
      name: 'Third',
      usState: 'IL',
      emailDomain: 'third.example.org',
    });
    h.emulator.admin.addDistrict(third.dataset, [TEST_CLIENT.clientId]);
    const back = await h.authorize(created.url, third.districtAdminId);
    const request = { rawQuery: back.search.slice(1), cookieHeader: cookieOf(created) };
    const results = await Promise.all([
      handleLinkCallback(h.deps, request),
      handleLinkCallback(h.deps, request),
    ]);
    expect(results.map(outcomeOf).sort()).toEqual(['linked', 'used_state']);
    expect(await h.deps.store.listAudit(third.districtId)).toHaveLength(1);
  });
});
