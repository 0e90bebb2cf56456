// How the match function gets a district's token, against the real local servers and the Clever
// emulator: the token onboarding stored (encrypted under the district's context), one refresh from
// /oauth/tokens when it is refused, missing or undecryptable, and a clear failure when Clever lists none.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SyntheticDistrict } from '../../../dev/synth/district.ts';
import { csvLine } from '../../../dev/synth/files.ts';
import { cleverCredentialsSource } from '../../../lib/adapters/clever-credentials.ts';
import { createCleverRosterSource } from '../../../lib/adapters/clever-roster-source.ts';
import { DistrictTokens, tokenEncryptionContext } from '../../../lib/onboarding/tokens.ts';
import { tokenFingerprint } from '../../../lib/onboarding/web-result.ts';
import { resultKey } from '../../../lib/pipeline/jobs.ts';
import { processUploadedObject } from '../../../lib/pipeline/process-upload.ts';
import { startHarness } from './harness.ts';

let harness: Awaited<ReturnType<typeof startHarness>>;

beforeAll(async () => {
  harness = await startHarness({ students: 60, otherDistricts: 3 });
});
afterAll(() => harness?.close());
beforeEach(() => harness.emulator.admin.clearRequests());

const store = () => harness.onboarding.store;
const tokenLookups = () =>
  harness.emulator.admin
    .requests()
    .filter((request) => request.method === 'GET' && request.path === '/oauth/tokens').length;
const refusedCalls = () => harness.emulator.admin.requests().filter((request) => request.status === 401);

function studentCsv(district: SyntheticDistrict): string {
  const { headers, rows } = district.app.student;
  return [headers, ...rows].map(csvLine).join('');
}

/** A student job for `district`, processed once like an S3 event. */
async function runJob(district: SyntheticDistrict, invocationId: string) {
  const job = await harness.uploadJob(studentCsv(district), {
    districtId: district.district.id,
    idColumn: district.app.student.headers[0],
  });
  const outcome = await processUploadedObject(harness.deps, job.uploadKey, invocationId);
  return { job, outcome, stored: await harness.runtime.jobs.get(job.jobId) };
}

async function resultCleverIds(districtId: string, jobId: string): Promise<string[]> {
  const csv = await harness.readText(resultKey(districtId, jobId));
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  return rows.map((row) => row['clever.id']).filter((id) => id !== '');
}

async function storedToken(districtId: string): Promise<string | undefined> {
  const district = await store().getDistrict(districtId);
  if (!district?.tokenCiphertext) return undefined;
  return harness.onboarding.cipher.decrypt(district.tokenCiphertext, tokenEncryptionContext(districtId));
}

describe('the district token of a match job', () => {
  it('is the stored one: no /oauth/tokens lookup when it still works', async () => {
    const { outcome } = await runJob(harness.district, 'stored-token');

    expect(outcome).toBe('processed');
    expect(tokenLookups()).toBe(0);
    expect(refusedCalls()).toHaveLength(0);
  });

  it('is refreshed once after a rotation between import and the job, and the new token is stored', async () => {
    const districtId = harness.district.district.id;
    const old = harness.emulator.admin.districtToken(districtId) ?? '';
    const rotated = harness.emulator.admin.rotateToken(districtId);

    const { outcome, stored } = await runJob(harness.district, 'rotated-token');

    expect(outcome).toBe('processed');
    expect(stored?.status).toBe('completed');
    expect(refusedCalls()).toHaveLength(1);
    expect(tokenLookups()).toBe(1);
    expect(await storedToken(districtId)).toBe(rotated);
    expect((await store().getDistrict(districtId))?.tokenFingerprint).toBe(tokenFingerprint(rotated));
    const logs = harness.log.lines.join('\n');
    expect(logs).toContain(tokenFingerprint(rotated));
    expect(logs).not.toContain(rotated);
    expect(logs).not.toContain(old);

    harness.emulator.admin.clearRequests();
    expect((await runJob(harness.district, 'after-rotation')).outcome).toBe('processed');
    expect(tokenLookups()).toBe(0);
  });

  it("falls back to a refresh when another district's ciphertext was copied onto the district, never using that token", async () => {
    const [other] = harness.otherDistricts;
    const source = await store().getDistrict(harness.district.district.id);
    await store().setDistrictToken(
      other.district.id,
      source?.tokenCiphertext ?? '',
      source?.tokenFingerprint ?? '',
      new Date().toISOString(),
    );

    const { job, outcome } = await runJob(other, 'moved-ciphertext');

    expect(outcome).toBe('processed');
    expect(tokenLookups()).toBe(1);
    const ownUsers = new Set(other.users.map((user) => user.id));
    const cleverIds = await resultCleverIds(other.district.id, job.jobId);
    expect(cleverIds.length).toBeGreaterThan(0);
    expect(cleverIds.filter((id) => !ownUsers.has(id))).toEqual([]);
    const ownToken = harness.emulator.admin.districtToken(other.district.id);
    expect(await storedToken(other.district.id)).toBe(ownToken);
    expect(harness.log.lines.join('\n')).toContain('stored district token does not decrypt');
  });

  it('fails the job with an actionable reason when Clever no longer lists a token, and marks the district disconnected', async () => {
    const [, gone] = harness.otherDistricts;
    harness.emulator.admin.revokeToken(gone.district.id);

    const { job, outcome, stored } = await runJob(gone, 'revoked-token');

    expect(outcome).toBe('failed');
    expect(stored?.failure).toMatchObject({ code: 'DISTRICT_NOT_CONNECTED', retrying: false });
    expect(stored?.failure?.reason).toContain('reconnect the app in Clever');
    const usersRead = harness.emulator.admin
      .requests()
      .filter((request) => request.path === '/v3.0/users' && request.status === 200);
    expect(usersRead).toHaveLength(0);
    const district = await store().getDistrict(gone.district.id);
    expect(district?.connection).toBe('disconnected');
    expect(district?.tokenCiphertext).toBeUndefined();
    expect((await store().listAudit(gone.district.id)).at(-1)).toMatchObject({ action: 'disconnected' });
    const [email] = await harness.emailsTo(job.notify[0]);
    expect(email.subject).toContain('failed');
  });

  it('fails a job for a district that was never imported instead of looking its token up', async () => {
    const job = await harness.uploadJob(harness.studentCsv, { districtId: 'never-imported' });

    expect(await processUploadedObject(harness.deps, job.uploadKey, 'unknown-district')).toBe('failed');

    expect((await harness.runtime.jobs.get(job.jobId))?.failure).toMatchObject({
      code: 'DISTRICT_NOT_FOUND',
      retrying: false,
    });
    expect(tokenLookups()).toBe(0);
  });
});

describe('DistrictTokens', () => {
  it('marks the district as needing attention when Clever refuses the very token it lists', async () => {
    const [other] = harness.otherDistricts;
    const listed = harness.emulator.admin.districtToken(other.district.id) ?? '';
    const tokens = new DistrictTokens({
      store: store(),
      cipher: harness.onboarding.cipher,
      log: harness.log,
      lookUpToken: async (districtId) =>
        (await harness.onboarding.clever.listDistrictTokens(districtId))[0]?.accessToken,
    });

    await expect(tokens.refreshRejected(other.district.id, listed)).rejects.toMatchObject({
      code: 'DISTRICT_TOKEN_REFUSED',
    });

    const district = await store().getDistrict(other.district.id);
    expect(district?.connection).toBe('needs_attention');
    expect(district?.tokenCiphertext).toBeUndefined();
    expect((await store().listAudit(other.district.id)).at(-1)).toMatchObject({
      action: 'needs_attention',
      evidence: ['401 after token refresh'],
    });
  });
});

describe('the Clever roster source', () => {
  it('fails with an actionable reason and marks the district when the refreshed token is refused too', async () => {
    const [, , rotating] = harness.otherDistricts;
    const districtId = rotating.district.id;
    harness.emulator.admin.rotateToken(districtId);
    // The token rotates again right after the refresh stored it: the retried page gets a second 401.
    const districts = store();
    const rotatingAgain = {
      getDistrict: (id: string) => districts.getDistrict(id),
      setConnection: (...args: Parameters<typeof districts.setConnection>) =>
        districts.setConnection(...args),
      appendAudit: (...args: Parameters<typeof districts.appendAudit>) => districts.appendAudit(...args),
      async setDistrictToken(...args: Parameters<typeof districts.setDistrictToken>) {
        await districts.setDistrictToken(...args);
        harness.emulator.admin.rotateToken(districtId);
      },
    };
    const roster = createCleverRosterSource({
      apiBase: harness.emulator.url,
      oauthBase: harness.emulator.url,
      credentials: cleverCredentialsSource(harness.config.clever, harness.runtime.clients.secrets),
      storage: { store: rotatingAgain, cipher: harness.onboarding.cipher, log: harness.log },
    });

    const schools = async () => {
      for await (const school of roster.listSchools(districtId)) expect(school.id).toBeDefined();
    };
    await expect(schools()).rejects.toMatchObject({ code: 'DISTRICT_TOKEN_REFUSED' });

    expect(refusedCalls()).toHaveLength(2);
    expect(tokenLookups()).toBe(1);
    expect((await store().getDistrict(districtId))?.connection).toBe('needs_attention');
  });
});
