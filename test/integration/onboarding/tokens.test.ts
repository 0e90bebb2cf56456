import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCleverOnboardingGateway } from '../../../lib/adapters/clever-onboarding-gateway.ts';
import { createCleverClient } from '../../../lib/clever/client.ts';
import { CleverCallError } from '../../../lib/onboarding/ports.ts';
import {
  importDistrictTokens,
  tokenEncryptionContext,
  withDistrictToken,
} from '../../../lib/onboarding/tokens.ts';
import { tokenFingerprint } from '../../../lib/onboarding/web-result.ts';
import { type Harness, startHarness, TEST_CLIENT } from './harness.ts';

let h: Harness;
let riverside: Harness['districts'][number];
let academy: Harness['districts'][number];
let twinNumber: Harness['districts'][number];
let noNumbers: Harness['districts'][number];

beforeAll(async () => {
  h = await startHarness([
    {
      number: 11,
      name: 'Riverside Unified School District',
      usState: 'CA',
      emailDomain: 'riverside.example.org',
      mdrNumber: '11112222',
      ncesId: '0601234',
    },
    {
      number: 12,
      name: 'Cedar Creek Academy',
      usState: 'OR',
      emailDomain: 'cedar.example.org',
      mdrNumber: '33334444',
      schools: 1,
    },
    {
      number: 13,
      name: 'Lakeview County Schools',
      usState: 'MN',
      emailDomain: 'lakeview.example.org',
      ncesId: '2705555',
    },
    { number: 14, name: 'Hillcrest Public Schools', usState: 'TX', emailDomain: 'hillcrest.example.org' },
  ]);
  [riverside, academy, twinNumber, noNumbers] = h.districts;
  await h.addOrg({ orgId: 'riverside', name: 'Riverside USD', mdrNumbers: ['11112222'] });
  await h.addOrg({ orgId: 'cedar', name: 'Cedar Creek Academy', mdrNumbers: ['33334444'] });
  await h.addOrg({ orgId: 'lakeview-1', name: 'Lakeview Schools', ncesIds: ['2705555'] });
  await h.addOrg({ orgId: 'lakeview-2', name: 'Lakeview County', ncesIds: ['2705555'] });
});
afterAll(() => h.close());

describe('importDistrictTokens', () => {
  it('upserts every district with its name, numbers, state, school count, roster domains and when it was seen', async () => {
    const summary = await importDistrictTokens(h.deps);
    expect(summary.imported.sort()).toEqual(h.districts.map((district) => district.districtId).sort());
    const stored = await h.deps.store.getDistrict(riverside.districtId);
    expect(stored).toMatchObject({
      name: 'Riverside Unified School District',
      mdrNumber: '11112222',
      ncesId: '0601234',
      usState: 'CA',
      schoolCount: 3,
      emailDomains: ['riverside.example.org'],
      connection: 'connected',
    });
    expect(stored?.tokenSeenAt).toBeDefined();
  });

  it('keeps the token only encrypted, under a context naming the district', async () => {
    const token = h.emulator.admin.districtToken(riverside.districtId) ?? '';
    const stored = await h.deps.store.getDistrict(riverside.districtId);
    expect(JSON.stringify(await h.snapshot())).not.toContain(token);
    expect(stored?.tokenFingerprint).toBe(tokenFingerprint(token));
    const ciphertext = stored?.tokenCiphertext ?? '';
    expect(await h.deps.cipher.decrypt(ciphertext, tokenEncryptionContext(riverside.districtId))).toBe(token);
    await expect(
      h.deps.cipher.decrypt(ciphertext, tokenEncryptionContext(academy.districtId)),
    ).rejects.toThrow();
  });

  it('links exact MDR matches automatically and sends single-school, shared-number and number-less districts to review', async () => {
    expect((await h.deps.store.getDistrict(riverside.districtId))?.orgId).toBe('riverside');
    expect((await h.deps.store.getDistrict(academy.districtId))?.orgId).toBeUndefined();
    expect((await h.deps.store.getDistrict(twinNumber.districtId))?.orgId).toBeUndefined();
    expect((await h.deps.store.getDistrict(noNumbers.districtId))?.orgId).toBeUndefined();
    const [entry] = await h.deps.store.listAudit(riverside.districtId);
    expect(entry).toMatchObject({
      action: 'auto_link',
      toOrgId: 'riverside',
      evidence: ['MDR 11112222 exact'],
    });
  });

  it('refreshes only the district named by ?district=', async () => {
    const before = await h.deps.store.getDistrict(academy.districtId);
    h.advanceClock(60_000);
    const summary = await importDistrictTokens(h.deps, { districtId: riverside.districtId });
    expect(summary.imported).toEqual([riverside.districtId]);
    expect((await h.deps.store.getDistrict(academy.districtId))?.tokenSeenAt).toBe(before?.tokenSeenAt);
    expect((await h.deps.store.getDistrict(riverside.districtId))?.tokenSeenAt).not.toBe(before?.tokenSeenAt);
  });
});

describe('tokens that rotate or disappear', () => {
  it('uses the stored token, and after a rotation between import and use refreshes once from /oauth/tokens', async () => {
    const readName = (token: string) =>
      h.deps.clever.getDistrict(riverside.districtId, token).then((district) => district.name);
    expect(await withDistrictToken(h.deps, riverside.districtId, readName)).toBe(
      'Riverside Unified School District',
    );

    const rotated = h.emulator.admin.rotateToken(riverside.districtId);
    const tokensUsed: string[] = [];
    const name = await withDistrictToken(h.deps, riverside.districtId, (token) => {
      tokensUsed.push(token);
      return readName(token);
    });
    expect(name).toBe('Riverside Unified School District');
    expect(tokensUsed).toHaveLength(2);
    expect(tokensUsed[1]).toBe(rotated);
    expect((await h.deps.store.getDistrict(riverside.districtId))?.tokenFingerprint).toBe(
      tokenFingerprint(rotated),
    );
  });

  it('marks a district that keeps answering 401 after the refresh as needing attention', async () => {
    // A token Clever still lists but refuses is not something the emulator can be made to do.
    const alwaysUnauthorized = () => Promise.reject(new CleverCallError('unauthorized', 401));
    await expect(withDistrictToken(h.deps, twinNumber.districtId, alwaysUnauthorized)).rejects.toThrow(
      CleverCallError,
    );
    expect((await h.deps.store.getDistrict(twinNumber.districtId))?.connection).toBe('needs_attention');
    expect((await h.deps.store.listAudit(twinNumber.districtId)).at(-1)?.action).toBe('needs_attention');
  });

  it('marks a district whose token disappeared as disconnected, drops its token and keeps its org for review', async () => {
    h.emulator.admin.revokeToken(riverside.districtId);
    const summary = await importDistrictTokens(h.deps);
    expect(summary.disconnected).toEqual([riverside.districtId]);
    const stored = await h.deps.store.getDistrict(riverside.districtId);
    expect(stored).toMatchObject({ connection: 'disconnected', orgId: 'riverside' });
    expect(stored?.tokenCiphertext).toBeUndefined();
    expect(stored?.disconnectedAt).toBeDefined();
    expect((await h.deps.store.listAudit(riverside.districtId)).at(-1)).toMatchObject({
      action: 'disconnected',
      fromOrgId: 'riverside',
    });
    await expect(withDistrictToken(h.deps, riverside.districtId, async () => 'never')).rejects.toMatchObject({
      code: 'DISTRICT_NOT_CONNECTED',
    });
  });

  it('reports wrong app credentials as a clear error and changes nothing', async () => {
    const before = await h.snapshot();
    const wrongCredentials = {
      ...h.deps,
      clever: createCleverOnboardingGateway({
        client: createCleverClient({ apiBase: h.emulator.url, oauthBase: h.emulator.url, retries: 0 }),
        credentials: { clientId: TEST_CLIENT.clientId, clientSecret: 'not-the-secret' },
      }),
    };
    await expect(importDistrictTokens(wrongCredentials)).rejects.toMatchObject({
      code: 'CLEVER_TOKENS_UNAVAILABLE',
    });
    expect(await h.snapshot()).toEqual(before);
  });
});
