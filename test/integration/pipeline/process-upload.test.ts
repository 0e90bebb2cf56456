import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../lib/adapters/s3-object-store.ts';
import { SesMailer } from '../../../lib/adapters/ses-mailer.ts';
import { resultKey } from '../../../lib/pipeline/jobs.ts';
import { processUploadedObject } from '../../../lib/pipeline/process-upload.ts';
import { startHarness } from './harness.ts';

let harness: Awaited<ReturnType<typeof startHarness>>;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

/** A real client aimed at a port nothing listens on: the service is down. */
const UNREACHABLE = 'http://127.0.0.1:9';

describe('the S3-triggered match', () => {
  it('writes the result, completes the job with counts for every row and emails a link, not the data', async () => {
    const job = await harness.uploadJob(harness.studentCsv);

    const outcome = await processUploadedObject(harness.deps, job.uploadKey, 'invocation-1');

    expect(outcome).toBe('processed');
    const stored = await harness.runtime.jobs.get(job.jobId);
    expect(stored?.status).toBe('completed');
    const appRows = harness.district.app.student.rows.length;
    const counts = stored!.outcome!.counts;
    expect(counts.match + counts['from app, no match'] + counts['from app, duplicate']).toBe(appRows);
    expect(counts.match).toBeGreaterThan(appRows / 2);
    const csv = await harness.readText(resultKey(job.districtId, job.jobId));
    expect(csv.split('\n')[0]).toContain('matchmaker_results');

    const emails = await harness.emailsTo(job.notify[0]);
    expect(emails).toHaveLength(1);
    expect(emails[0].attachments ?? []).toHaveLength(0);
    expect(emails[0].body.text).toContain(`match: ${counts.match}`);
    expect(emails[0].body.text).toContain('X-Amz-Signature');
    const firstStudent = harness.district.app.student.rows[0][3];
    expect(emails[0].body.text).not.toContain(firstStudent);
    const logs = harness.log.lines.join('\n');
    expect(logs).not.toContain(firstStudent);
    expect(logs).not.toContain(harness.emulator.admin.districtToken(job.districtId));
  });

  it('attaches the result CSV when configured and small enough, and falls back to a link otherwise', async () => {
    const attachAll = { ...harness.deps.email, attachResult: true, attachmentMaxBytes: 5_000_000 };
    const attachTiny = { ...harness.deps.email, attachResult: true, attachmentMaxBytes: 100 };
    const small = await harness.uploadJob(harness.studentCsv);
    const large = await harness.uploadJob(harness.studentCsv);

    await processUploadedObject({ ...harness.deps, email: attachAll }, small.uploadKey, 'attach-small');
    await processUploadedObject({ ...harness.deps, email: attachTiny }, large.uploadKey, 'attach-large');

    const [withFile] = await harness.emailsTo(small.notify[0]);
    expect(withFile.attachments).toEqual([
      expect.objectContaining({ filename: `rostermatch-${small.jobId}.csv` }),
    ]);
    expect((await harness.runtime.jobs.get(small.jobId))?.email?.mode).toBe('attachment');
    const [withLink] = await harness.emailsTo(large.notify[0]);
    expect(withLink.attachments ?? []).toHaveLength(0);
    expect(withLink.body.text).toContain('X-Amz-Signature');
  });

  it('yields one result and one email when the same event arrives twice at once and again later', async () => {
    const job = await harness.uploadJob(harness.studentCsv);

    const concurrent = await Promise.all([
      processUploadedObject(harness.deps, job.uploadKey, 'dup-a'),
      processUploadedObject(harness.deps, job.uploadKey, 'dup-b'),
    ]);
    const late = await processUploadedObject(harness.deps, job.uploadKey, 'dup-c');

    expect(concurrent.sort()).toEqual(['duplicate', 'processed']);
    expect(late).toBe('duplicate');
    expect(await harness.emailsTo(job.notify[0])).toHaveLength(1);
    expect((await harness.runtime.jobs.get(job.jobId))?.status).toBe('completed');
  });

  it('fails a malformed CSV with line numbers the user can act on, and tells them by email', async () => {
    const job = await harness.uploadJob('App ID,First Name,Last Name\n1,Ann,Lee\n2,"Bob,Ray\n');

    const outcome = await processUploadedObject(harness.deps, job.uploadKey, 'bad-csv');

    expect(outcome).toBe('failed');
    const stored = await harness.runtime.jobs.get(job.jobId);
    expect(stored?.status).toBe('failed');
    expect(stored?.failure?.retrying).toBe(false);
    expect(stored?.failure?.problems?.[0]).toMatchObject({ file: 'input.csv', line: 3 });
    expect(await harness.runtime.objects.size(resultKey(job.districtId, job.jobId))).toBeUndefined();
    const [email] = await harness.emailsTo(job.notify[0]);
    expect(email.subject).toContain('failed');
  });

  it('fails an upload whose id column does not exist with a reason naming the column', async () => {
    const job = await harness.uploadJob(harness.studentCsv, { idColumn: 'Pupil Key' });

    await processUploadedObject(harness.deps, job.uploadKey, 'no-id-column');

    const stored = await harness.runtime.jobs.get(job.jobId);
    expect(stored?.status).toBe('failed');
    expect(JSON.stringify(stored?.failure)).toContain('Pupil Key');
  });

  it('records a retrying failure when the Clever API is down, and completes on the Lambda retry', async () => {
    const job = await harness.uploadJob(harness.studentCsv);
    harness.emulator.admin.setFaults({ serverErrorRate: 1 });
    try {
      await expect(processUploadedObject(harness.deps, job.uploadKey, 'clever-down')).rejects.toThrow();
    } finally {
      harness.emulator.admin.resetFaults();
    }
    const failed = await harness.runtime.jobs.get(job.jobId);
    expect(failed?.status).toBe('failed');
    expect(failed?.failure).toMatchObject({ retrying: true });
    expect(await harness.emailsTo(job.notify[0])).toHaveLength(0);

    expect(await processUploadedObject(harness.deps, job.uploadKey, 'clever-down')).toBe('processed');
    expect((await harness.runtime.jobs.get(job.jobId))?.status).toBe('completed');
    expect(await harness.emailsTo(job.notify[0])).toHaveLength(1);
  });

  it('keeps the job retrying when S3 cannot be read, without writing a result', async () => {
    const job = await harness.uploadJob(harness.studentCsv);
    const brokenS3 = new S3ObjectStore(
      new S3Client({ region: 'us-east-1', endpoint: UNREACHABLE, forcePathStyle: true, maxAttempts: 1 }),
      harness.config.bucketName,
    );

    await expect(
      processUploadedObject({ ...harness.deps, objects: brokenS3 }, job.uploadKey, 's3-down'),
    ).rejects.toThrow();

    const stored = await harness.runtime.jobs.get(job.jobId);
    expect(stored?.failure).toMatchObject({ code: 'TEMPORARY_FAILURE', retrying: true });
    expect(await harness.runtime.objects.size(resultKey(job.districtId, job.jobId))).toBeUndefined();
  });

  it('sends the email exactly once when SES fails first and the retry succeeds', async () => {
    const job = await harness.uploadJob(harness.studentCsv);
    const brokenSes = new SesMailer(
      new SESv2Client({ region: 'us-east-1', endpoint: UNREACHABLE, maxAttempts: 1 }),
      'rostermatch@example.org',
    );

    await expect(
      processUploadedObject({ ...harness.deps, mailer: brokenSes }, job.uploadKey, 'ses-down'),
    ).rejects.toThrow();
    const afterFailure = await harness.runtime.jobs.get(job.jobId);
    expect(afterFailure?.status).toBe('completed');
    expect(afterFailure?.email?.state).toBe('failed');

    await processUploadedObject(harness.deps, job.uploadKey, 'ses-down');
    await processUploadedObject(harness.deps, job.uploadKey, `another-${randomUUID()}`);
    expect(await harness.emailsTo(job.notify[0])).toHaveLength(1);
    expect((await harness.runtime.jobs.get(job.jobId))?.email?.state).toBe('sent');
  });

  it('fails an upload over the size limit without reading it, saying what the limit is', async () => {
    const job = await harness.uploadJob(harness.studentCsv);

    await processUploadedObject({ ...harness.deps, maxUploadBytes: 1000 }, job.uploadKey, 'too-large');

    const stored = await harness.runtime.jobs.get(job.jobId);
    expect(stored?.failure).toMatchObject({ code: 'FILE_TOO_LARGE', retrying: false });
    expect(stored?.failure?.reason).toContain('1000 bytes');
  });

  it('ignores objects under uploads/ that no job asked for', async () => {
    expect(await processUploadedObject(harness.deps, 'uploads/x/notes.txt', 'stray')).toBe('ignored');
    expect(await processUploadedObject(harness.deps, `uploads/d1/${randomUUID()}/input.csv`, 'no-job')).toBe(
      'ignored',
    );
  });
});
