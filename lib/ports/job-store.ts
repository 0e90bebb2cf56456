// Job records and review decisions (DynamoDB in AWS, dynalite locally). Every state change is a
// conditional write, so duplicate or concurrent S3 events cannot both act.
import type { EmailDelivery, JobFailure, JobOutcome, JobRecord, ReviewPair } from '../pipeline/jobs.ts';

export type ClaimResult = { claimed: true; job: JobRecord } | { claimed: false; job: JobRecord | undefined };

export interface JobStore {
  create(job: JobRecord): Promise<void>;
  get(jobId: string): Promise<JobRecord | undefined>;
  /**
   * Takes the job for processing: only from `awaiting_upload`, or by the same invocation again (a Lambda
   * retry keeps its request id) after it recorded a retryable failure.
   */
  claim(jobId: string, invocationId: string, at: string): Promise<ClaimResult>;
  complete(jobId: string, invocationId: string, outcome: JobOutcome, at: string): Promise<JobRecord>;
  fail(jobId: string, invocationId: string, failure: JobFailure, at: string): Promise<JobRecord>;
  /** True if this invocation may send the job's email (nobody else has, or it is this invocation's retry). */
  claimEmail(jobId: string, invocationId: string): Promise<boolean>;
  recordEmail(jobId: string, delivery: EmailDelivery): Promise<void>;
  /** Stores the pairs to expire with the job; resolves to the job's new review revision. */
  saveReview(
    job: Pick<JobRecord, 'jobId' | 'expiresAt'>,
    accepted: ReviewPair[],
    rejected: ReviewPair[],
  ): Promise<number>;
  listReview(jobId: string): Promise<{ accepted: ReviewPair[]; rejected: ReviewPair[] }>;
  /** Records a re-issued result, only if it is newer than the one recorded. */
  recordReissue(jobId: string, revision: number, outcome: JobOutcome, at: string): Promise<boolean>;
}
