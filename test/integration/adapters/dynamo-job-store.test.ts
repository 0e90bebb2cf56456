import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../../lib/adapters/dynamo-job-store.ts';
import type { JobOutcome, JobRecord } from '../../../lib/pipeline/jobs.ts';
import { freshLocalAws } from './local-aws.ts';

let store: DynamoJobStore;
let aws: Awaited<ReturnType<typeof freshLocalAws>>;

beforeAll(async () => {
  aws = await freshLocalAws();
  store = new DynamoJobStore(aws.clients.dynamo, aws.table);
});

function newJob(overrides: Partial<JobRecord> = {}): JobRecord {
  const jobId = randomUUID();
  return {
    jobId,
    districtId: 'd1',
    type: 'student',
    notify: ['a@example.org'],
    status: 'awaiting_upload',
    createdAt: new Date().toISOString(),
    createdBy: 'test',
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
    uploadKey: `uploads/d1/${jobId}/input.csv`,
    ...overrides,
  };
}

const outcome: JobOutcome = {
  resultKey: 'results/d1/x/result.csv',
  counts: {
    match: 1,
    'from app, no match': 0,
    'from app, duplicate': 0,
    'from Clever, no match': 0,
    'from Clever, duplicate': 0,
  },
  rows: { app: 1, clever: 1 },
  suggestions: 0,
  timingsMs: {},
};

describe('DynamoJobStore on dynalite', () => {
  it('lets exactly one of ten concurrent invocations claim a job', async () => {
    const job = newJob();
    await store.create(job);

    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.claim(job.jobId, `inv-${i}`, new Date().toISOString())),
    );

    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
  });

  it('lets the same invocation re-claim (a Lambda retry) but not another one while it holds the job', async () => {
    const job = newJob();
    await store.create(job);
    await store.claim(job.jobId, 'first', 'now');

    expect((await store.claim(job.jobId, 'first', 'now')).claimed).toBe(true);
    expect((await store.claim(job.jobId, 'other', 'now')).claimed).toBe(false);
  });

  it('lets any invocation take over a job whose last attempt failed with a retry pending', async () => {
    const job = newJob();
    await store.create(job);
    await store.claim(job.jobId, 'crashed', 'now');
    await store.fail(job.jobId, 'crashed', { code: 'TEMPORARY_FAILURE', reason: 'r', retrying: true }, 'now');

    expect((await store.claim(job.jobId, 'next', 'now')).claimed).toBe(true);
  });

  it('never re-opens a completed job', async () => {
    const job = newJob();
    await store.create(job);
    await store.claim(job.jobId, 'a', 'now');
    await store.complete(job.jobId, 'a', outcome, 'now');

    expect((await store.claim(job.jobId, 'a', 'now')).claimed).toBe(false);
    expect((await store.get(job.jobId))?.status).toBe('completed');
  });

  it('grants the email to one invocation and lets only that one retry it', async () => {
    const job = newJob();
    await store.create(job);

    const [a, b] = await Promise.all([store.claimEmail(job.jobId, 'a'), store.claimEmail(job.jobId, 'b')]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const winner = a ? 'a' : 'b';
    await store.recordEmail(job.jobId, { state: 'failed', claimedBy: winner, error: 'TimeoutError' });
    expect(await store.claimEmail(job.jobId, winner)).toBe(true);
    await store.recordEmail(job.jobId, { state: 'sent', claimedBy: winner, messageId: 'm' });
    expect(await store.claimEmail(job.jobId, winner)).toBe(false);
  });

  it('treats an expired job as gone, since dynalite (and a lagging TTL) keep the item', async () => {
    const job = newJob({ expiresAt: Math.floor(Date.now() / 1000) - 1 });
    await store.create(job);

    expect(await store.get(job.jobId)).toBeUndefined();
  });

  it('stores review decisions, counts revisions and records only newer re-issues', async () => {
    const job = newJob();
    await store.create(job);

    expect(await store.saveReview(job, [{ appId: 'A1', cleverId: 'c1' }], [])).toBe(1);
    expect(await store.saveReview(job, [], [{ appId: 'A2', cleverId: 'c2' }])).toBe(2);
    expect(await store.listReview(job.jobId)).toEqual({
      accepted: [{ appId: 'A1', cleverId: 'c1' }],
      rejected: [{ appId: 'A2', cleverId: 'c2' }],
    });
    expect(await store.recordReissue(job.jobId, 2, outcome, 'now')).toBe(true);
    expect(await store.recordReissue(job.jobId, 1, outcome, 'now')).toBe(false);
  });
});
