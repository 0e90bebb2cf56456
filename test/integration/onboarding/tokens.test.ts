import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAwsClients } from '../../../lib/adapters/aws-clients.ts';
import { createCleverOnboardingGateway } from '../../../lib/adapters/clever-onboarding-gateway.ts';
import { createOnboardingRuntime } from '../../../lib/adapters/onboarding-runtime.ts';
import { generateLocalTokenKey } from '../../../lib/adapters/token-cipher.ts';
import { createCleverClient } from '../../../lib/clever/client.ts';
import { parseConfig } from '../../../lib/config.ts';
import { importDistrictTokens, tokenEncryptionContext } from '../../../lib/onboarding/tokens.ts';
import { tokenFingerprint } from '../../../lib/onboarding/web-result.ts';
import { APP_BASE, type Harness, LINK_URI, startHarness, TEST_CLIENT } from './harness.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rostermatch/clever-client-secret';

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

describe('tokens that disappear', () => {
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
  });

  it('reports wrong app credentials as a clear error and changes nothing', async () => {
    const before = await h.snapshot();
    const wrongCredentials = {
      ...h.deps,
      clever: createCleverOnboardingGateway({
        client: createCleverClient({ apiBase: h.emulator.url, oauthBase: h.emulator.url, retries: 0 }),
        clientId: TEST_CLIENT.clientId,
        credentials: async () => ({ clientId: TEST_CLIENT.clientId, clientSecret: 'not-the-secret' }),
      }),
    };
    await expect(importDistrictTokens(wrongCredentials)).rejects.toMatchObject({
      code: 'CLEVER_TOKENS_UNAVAILABLE',
    });
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('app credentials in AWS', () => {
  it('reads the client secret from Secrets Manager once, only when a Clever call needs it', async () => {
    const config = parseConfig({
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
      BUCKET_NAME: 'unused-by-onboarding',
      TABLE_NAME: h.table,
      PUBLIC_BASE_URL: APP_BASE,
      CLEVER_API_BASE: h.emulator.url,
      CLEVER_OAUTH_BASE: h.emulator.url,
      CLEVER_CLIENT_ID: TEST_CLIENT.clientId,
      CLEVER_CLIENT_SECRET_ARN: SECRET_ARN,
      LOCAL_TOKEN_KEY: generateLocalTokenKey(),
    });
    const clients = createAwsClients(config);
    // Secrets Manager has no local server here, so its client is mocked (aws-sdk-client-mock).
    const secrets = mockClient(clients.secrets);
    secrets
      .on(GetSecretValueCommand, { SecretId: SECRET_ARN })
      .resolves({ SecretString: TEST_CLIENT.clientSecret });
    const deps = createOnboardingRuntime(config, h.log, { clients });

    const url = new URL(deps.clever.authorizeUrl({ redirectUri: LINK_URI, state: 'handle' }));
    expect(url.searchParams.get('client_id')).toBe(TEST_CLIENT.clientId);
    expect(secrets.calls()).toHaveLength(0);

    expect((await importDistrictTokens(deps, { districtId: academy.districtId })).imported).toEqual([
      academy.districtId,
    ]);
    await importDistrictTokens(deps, { districtId: academy.districtId });
    expect(secrets.calls()).toHaveLength(1);
    expect(h.log.lines.join('\n')).not.toContain(TEST_CLIENT.clientSecret);
  });
});
