// GET /uploads/{jobId} and POST /uploads/{jobId}/review.
import { ClientError } from '../errors.ts';
import type { JobStore } from '../ports/job-store.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { type JobRecord, reviewTriggerKey } from './jobs.ts';
import type { ReviewRequest } from './requests.ts';

export interface JobStatusDeps {
  jobs: JobStore;
  objects: ObjectStore;
  settings: { resultLinkExpirySeconds: number };
}

async function requireJob(jobs: JobStore, jobId: string): Promise<JobRecord> {
  const job = await jobs.get(jobId);
  if (!job) throw new ClientError('UNKNOWN_JOB', `No upload job "${jobId}".`, 404);
  return job;
}

/** Status, counts and a fresh short-lived result link; never the student data itself. */
export async function describeJob(deps: JobStatusDeps, jobId: string) {
  const job = await requireJob(deps.jobs, jobId);
  const result = job.outcome
    ? {
        url: await deps.objects.createDownloadUrl(
          job.outcome.resultKey,
          `rostermatch-${job.jobId}.csv`,
          deps.settings.resultLinkExpirySeconds,
        ),
        expiresInSeconds: deps.settings.resultLinkExpirySeconds,
        revision: job.issuedRevision ?? 0,
      }
    : undefined;
  return {
    jobId: job.jobId,
    districtId: job.districtId,
    type: job.type,
    status: job.status,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    counts: job.outcome?.counts,
    rows: job.outcome?.rows,
    suggestions: job.outcome?.suggestions,
    timingsMs: job.outcome?.timingsMs,
    failure: job.failure,
    email: job.email ? { state: job.email.state, mode: job.email.mode } : undefined,
    reviewRevision: job.reviewRevision ?? 0,
    result,
  };
}

/** Stores the reviewer's decisions and asks the match function (via a trigger object) to re-issue. */
export async function reviewJob(deps: JobStatusDeps, jobId: string, review: ReviewRequest) {
  const job = await requireJob(deps.jobs, jobId);
  if (job.status !== 'completed')
    throw new ClientError(
      'JOB_NOT_COMPLETED',
      `Job "${jobId}" is ${job.status}; review it once it has completed.`,
      409,
    );
  const revision = await deps.jobs.saveReview(job, review.accept, review.reject);
  await deps.objects.put(
    reviewTriggerKey(job.districtId, jobId, revision),
    JSON.stringify({ jobId, revision }),
    'application/json',
  );
  return { jobId, reviewRevision: revision, accepted: review.accept.length, rejected: review.reject.length };
}
