// The S3-triggered match: one object under `uploads/` in, one result under `results/`, one job update
// and one email out. S3 delivers events at least once and sometimes concurrently, so every side effect is
// guarded: the job claim and the email claim are conditional writes, and the result is a create-only write.
// Problems the user can fix end the job as `failed` with the reason; anything else is recorded as a
// retrying failure and rethrown so Lambda retries (and, after the last retry, the on-failure destination).
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { DomainError, InputError } from '../errors.ts';
import type { MatchReport, ReviewDecisions } from '../match/run-match.ts';
import type { JobStore } from '../ports/job-store.ts';
import type { PipelineLogger } from '../ports/logger.ts';
import type { Mailer } from '../ports/mailer.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { RosterSource } from '../ports/roster-source.ts';
import { type EmailSettings, sendJobEmailOnce } from './job-email.ts';
import {
  type JobFailure,
  type JobOutcome,
  type JobRecord,
  MAX_REPORTED_PROBLEMS,
  parseUploadKey,
  resultKey,
} from './jobs.ts';
import { matchJob } from './match-job.ts';

export interface ProcessUploadDeps {
  jobs: JobStore;
  objects: ObjectStore;
  mailer: Mailer;
  roster: RosterSource;
  log: PipelineLogger;
  email: EmailSettings;
  /** Where result files are staged before the create-only upload (Lambda: /tmp). */
  scratchDir?: string;
  /** Re-checked here: the presigned POST's size limit is the client's promise until S3 enforces it. */
  maxUploadBytes: number;
}

export type ProcessOutcome = 'processed' | 'failed' | 'duplicate' | 'ignored';

/** Error codes that mean "try again later", not "fix your input". */
const TEMPORARY_CODES = new Set([
  'CLEVER_UNAVAILABLE',
  'CLEVER_RATE_LIMITED',
  'CLEVER_TIMEOUT',
  'CLEVER_NETWORK',
]);

export async function processUploadedObject(
  deps: ProcessUploadDeps,
  key: string,
  invocationId: string,
): Promise<ProcessOutcome> {
  const trigger = parseUploadKey(key);
  if (!trigger) {
    deps.log.warn('ignored object that is not a job upload', { key });
    return 'ignored';
  }
  const job = await deps.jobs.get(trigger.jobId);
  if (!job || job.districtId !== trigger.districtId) {
    deps.log.warn('ignored upload with no matching job', { jobId: trigger.jobId });
    return 'ignored';
  }
  if (trigger.kind === 'review') return reissueResult(deps, job, trigger.revision, invocationId);
  return processInput(deps, job, invocationId);
}

async function processInput(
  deps: ProcessUploadDeps,
  job: JobRecord,
  invocationId: string,
): Promise<ProcessOutcome> {
  if (job.status === 'completed' || (job.status === 'failed' && !job.failure?.retrying)) {
    // A late duplicate, or the retry of an invocation that finished the job but not its email.
    const sent = await sendJobEmailOnce(deps, job, invocationId);
    return sent ? 'processed' : 'duplicate';
  }
  const claim = await deps.jobs.claim(job.jobId, invocationId, now());
  if (!claim.claimed) {
    deps.log.info('job already taken by another invocation', { jobId: job.jobId, status: claim.job?.status });
    return 'duplicate';
  }
  deps.log.info('job started', { jobId: job.jobId, districtId: job.districtId, type: job.type });

  let finishedJob: JobRecord;
  try {
    const outcome = await runAndStore(deps, claim.job, 0);
    finishedJob = await deps.jobs.complete(job.jobId, invocationId, outcome, now());
    deps.log.info('job completed', { jobId: job.jobId, ...outcome.counts, ...prefixed(outcome.timingsMs) });
  } catch (error) {
    const failure = describeFailure(error);
    finishedJob = await deps.jobs.fail(job.jobId, invocationId, failure, now());
    deps.log.warn('job failed', { jobId: job.jobId, code: failure.code, retrying: failure.retrying });
    if (failure.retrying) throw error;
  }
  await sendJobEmailOnce(deps, finishedJob, invocationId);
  return finishedJob.status === 'completed' ? 'processed' : 'failed';
}

/** After a review: re-runs the match with the reviewer's decisions and issues the result under a new key. */
async function reissueResult(
  deps: ProcessUploadDeps,
  job: JobRecord,
  revision: number,
  invocationId: string,
): Promise<ProcessOutcome> {
  if (job.status !== 'completed' || (job.issuedRevision ?? 0) >= revision) return 'duplicate';
  const decisions = await deps.jobs.listReview(job.jobId);
  const outcome = await runAndStore(deps, job, revision, decisions);
  const recorded = await deps.jobs.recordReissue(job.jobId, revision, outcome, now());
  deps.log.info('result re-issued after review', { jobId: job.jobId, revision, recorded, invocationId });
  return recorded ? 'processed' : 'duplicate';
}

async function runAndStore(
  deps: ProcessUploadDeps,
  job: JobRecord,
  revision: number,
  review?: ReviewDecisions,
): Promise<JobOutcome> {
  const key = resultKey(job.districtId, job.jobId, revision);
  const scratch = join(
    deps.scratchDir ?? tmpdir(),
    `rostermatch-${job.jobId}-r${revision}-${process.pid}.csv`,
  );
  try {
    const bytes = await deps.objects.size(job.uploadKey);
    if (bytes !== undefined && bytes > deps.maxUploadBytes)
      throw new DomainError(
        'FILE_TOO_LARGE',
        `The upload is ${bytes} bytes; the limit is ${deps.maxUploadBytes} bytes. Split the file and upload each part as its own job.`,
      );
    const input = await deps.objects.readStream(job.uploadKey);
    const out = createWriteStream(scratch);
    let report: MatchReport;
    try {
      report = await matchJob({ job, input, roster: deps.roster, out, review });
    } finally {
      input.destroy();
      if (!out.writableFinished) out.end();
      await finished(out).catch(() => undefined);
    }
    const { size } = await stat(scratch);
    const written = await deps.objects.putIfAbsent(
      key,
      { path: scratch, bytes: size },
      'text/csv; charset=utf-8',
    );
    if (written === 'exists')
      deps.log.info('result already written by an earlier attempt', { jobId: job.jobId });
    return {
      resultKey: key,
      counts: report.counts,
      rows: { app: report.appRecords, clever: report.cleverRecords },
      suggestions: report.suggestions,
      timingsMs: report.timingsMs,
    };
  } finally {
    await rm(scratch, { force: true });
  }
}

function describeFailure(error: unknown): JobFailure {
  if (error instanceof InputError)
    return {
      code: error.code,
      reason: `The uploaded CSV has ${error.problems.length === 1 ? 'a problem' : `${error.problems.length} problems`}; fix the file and upload it again.`,
      problems: error.problems.slice(0, MAX_REPORTED_PROBLEMS),
      retrying: false,
    };
  if (error instanceof DomainError && !TEMPORARY_CODES.has(error.code))
    return { code: error.code, reason: error.message, retrying: false };
  if (error instanceof DomainError)
    return {
      code: error.code,
      reason: `${error.message} The match is retried automatically (twice, within a few minutes); if the job still shows failed after that, upload the file again.`,
      retrying: true,
    };
  return {
    code: 'TEMPORARY_FAILURE',
    reason:
      'A temporary problem on our side stopped the match. It is retried automatically (twice, within a few minutes); if the job still shows failed after that, upload the file again.',
    retrying: true,
  };
}

function now(): string {
  return new Date().toISOString();
}

function prefixed(timings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(timings).map(([name, ms]) => [`ms_${name}`, ms]));
}
