// End to end over HTTP against the local stack of `npm start`: the same handlers, real local servers,
// S3 events delivered to the match function.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDistrictSpecs, generateDemoDataset } from '../../../dev/clever-emulator/demo.ts';
import { csvLine } from '../../../dev/synth/files.ts';
import { runDemoUpload } from '../../../infra/local/demo-run.ts';
import { type LocalStack, startLocalStack } from '../../../infra/local/stack.ts';
import recordUnlinkedDistrict from './unlinked-district.ts';

let stack: LocalStack;
const students = generateDemoDataset(demoDistrictSpecs(1)[0]).app.student;
const csv = [students.headers, ...students.rows].map(csvLine).join('');
const idColumn = students.headers[0];

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, seed: 1, retryDelaysMs: [50, 50] });
});
afterAll(() => stack?.close());

/** The fields these tests read from API answers (uploads, job status, errors). */
interface ApiBody {
  jobId?: string;
  upload?: { fields: Record<string, string>; maxBytes: number };
  result?: { url: string; revision: number };
  error?: { code: string; message: string };
}

async function api(method: string, path: string, body?: unknown, token = stack.adminToken) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as ApiBody };
}

describe('the local stack', () => {
  it('takes an upload through match to a result link and one email with the counts', async () => {
    const { job, email } = await runDemoUpload(stack.state, { csv, idColumn, notify: 'e2e@example.org' });

    expect(job.status).toBe('completed');
    expect(job.rows?.app).toBe(students.rows.length);
    expect(job.counts?.match).toBeGreaterThan(students.rows.length * 0.8);
    expect(email?.subject).toContain('done');
    expect(email?.body.text).toContain(`match: ${job.counts?.match}`);
    const download = await fetch(job.result!.url);
    expect(download.status).toBe(200);
    expect((await download.text()).split('\r\n')[0]).toContain('matchmaker_results');
  });

  it('re-issues the result with an accepted suggestion as a match', async () => {
    const { job } = await runDemoUpload(stack.state, { csv, idColumn, notify: 'review@example.org' });
    const rows = parse(await (await fetch(job.result!.url)).text(), { columns: true }) as Record<
      string,
      string
    >[];
    const suggested = rows.find((row) => row['suggested.clever.id']);
    expect(suggested).toBeDefined();
    const pair = { appId: suggested![`app.${idColumn}`], cleverId: suggested!['suggested.clever.id'] };

    const review = await api('POST', `/uploads/${job.jobId}/review`, { accept: [pair] });
    expect(review.status).toBe(202);
    let status: ApiBody = {};
    for (let i = 0; i < 100 && status.result?.revision !== 1; i++) {
      await new Promise((done) => setTimeout(done, 100));
      status = (await api('GET', `/uploads/${job.jobId}`)).json;
    }
    expect(status.result?.revision).toBe(1);
    const reissued = parse(await (await fetch(status.result!.url)).text(), { columns: true }) as Record<
      string,
      string
    >[];
    const row = reissued.find((r) => r[`app.${idColumn}`] === pair.appId);
    expect(row?.matchmaker_results).toBe('match');
    expect(row?.['clever.id']).toBe(pair.cleverId);
  });

  it('hands out a presigned POST for the exact key, CSV only, 1 byte to the maximum, valid at most 15 minutes', async () => {
    const { status, json } = await api('POST', '/uploads', {
      districtId: stack.demo.districtId,
      type: 'teacher',
    });
    expect(status).toBe(201);
    const policy = JSON.parse(Buffer.from(json.upload!.fields.Policy, 'base64').toString('utf8'));
    const key = `uploads/${stack.demo.districtId}/${json.jobId}/input.csv`;
    expect(json.upload!.fields.key).toBe(key);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['eq', '$key', key],
        ['eq', '$Content-Type', 'text/csv'],
        ['content-length-range', 1, json.upload!.maxBytes],
      ]),
    );
    expect(Date.parse(policy.expiration) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
  });

  it.each([
    ['no admin token', { districtId: 'x', type: 'student' }, 'wrong-token', 401, 'UNAUTHENTICATED'],
    ['an unknown district', { districtId: 'nope', type: 'student' }, undefined, 404, 'UNKNOWN_DISTRICT'],
    ['a bad type', { districtId: 'd', type: 'pupil' }, undefined, 400, 'INVALID_REQUEST'],
    [
      'a bad email',
      { districtId: 'd', type: 'student', notify: ['not-an-email'] },
      undefined,
      400,
      'INVALID_REQUEST',
    ],
    ['malformed JSON', '{"districtId":', undefined, 400, 'INVALID_JSON'],
  ])('refuses an upload with %s with a clear JSON error', async (_case, body, token, status, code) => {
    const response = await api('POST', '/uploads', body, token);
    expect(response.status).toBe(status);
    expect(response.json.error?.code).toBe(code);
    expect(response.json.error?.message.length).toBeGreaterThan(10);
  });

  it('refuses an upload for a district that is known but not linked to an organisation', async () => {
    const [, unlinked] = stack.emulator.districts();
    await recordUnlinkedDistrict(stack, unlinked.id, unlinked.name);
    const response = await api('POST', '/uploads', { districtId: unlinked.id, type: 'student' });
    expect(response.status).toBe(409);
    expect(response.json.error?.code).toBe('DISTRICT_NOT_LINKED');
  });

  it('answers 404 for an unknown job', async () => {
    const response = await api('GET', '/uploads/00000000-0000-4000-8000-000000000000');
    expect(response.status).toBe(404);
    expect(response.json.error?.code).toBe('UNKNOWN_JOB');
  });
});
