// A match job: one upload of one app CSV for one district, from the presigned POST to the emailed result.
// Keys are built here only, so the upload route, the S3 trigger filter and the result writer agree.
import type { InputProblem } from '../errors.ts';
import type { MatchmakerResult, PersonType } from '../match/types.ts';

export type JobStatus = 'awaiting_upload' | 'processing' | 'completed' | 'failed';

export interface JobFailure {
  code: string;
  /** What went wrong and what to do next, safe to show the user (no student data, no secrets). */
  reason: string;
  /** Problems with line and column numbers, for bad input (capped). */
  problems?: InputProblem[];
  /** True when an automatic retry is pending (a temporary problem on our side or Clever's). */
  retrying: boolean;
}

export interface JobOutcome {
  resultKey: string;
  counts: Record<MatchmakerResult, number>;
  rows: { app: number; clever: number };
  suggestions: number;
  timingsMs: Record<string, number>;
}

export interface EmailDelivery {
  state: 'sending' | 'sent' | 'failed';
  claimedBy: string;
  mode?: 'link' | 'attachment' | 'failure-notice';
  messageId?: string;
  error?: string;
}

export interface ReviewPair {
  appId: string;
  cleverId: string;
}

export interface JobRecord {
  jobId: string;
  districtId: string;
  orgId?: string;
  type: PersonType;
  idColumn?: string;
  /** Header overrides in the CLI's --map form ("Column=field,..."). */
  map?: string;
  notify: string[];
  status: JobStatus;
  createdAt: string;
  createdBy: string;
  /** Epoch seconds; the table's TTL removes the job 30 days after creation. */
  expiresAt: number;
  uploadKey: string;
  claimedBy?: string;
  startedAt?: string;
  finishedAt?: string;
  outcome?: JobOutcome;
  failure?: JobFailure;
  email?: EmailDelivery;
  /** Incremented by each review; the match function re-issues the result for the newest revision. */
  reviewRevision?: number;
  issuedRevision?: number;
}

export const JOB_RETENTION_DAYS = 30;
export const MAX_REPORTED_PROBLEMS = 20;

/** The S3 notification filter: the match function is triggered by this prefix only, never by results/. */
export const UPLOAD_TRIGGER_PREFIX = 'uploads/';

export function uploadKey(districtId: string, jobId: string): string {
  return `uploads/${districtId}/${jobId}/input.csv`;
}

export function reviewTriggerKey(districtId: string, jobId: string, revision: number): string {
  return `uploads/${districtId}/${jobId}/review-${revision}.json`;
}

/** Revision 0 is the first result; each review re-issues under a new, never-overwritten key. */
export function resultKey(districtId: string, jobId: string, revision = 0): string {
  return revision === 0
    ? `results/${districtId}/${jobId}/result.csv`
    : `results/${districtId}/${jobId}/result-r${revision}.csv`;
}

export type UploadTrigger =
  | { kind: 'input'; districtId: string; jobId: string }
  | { kind: 'review'; districtId: string; jobId: string; revision: number };

/** Parses an object key under `uploads/`; undefined for anything the pipeline did not ask for. */
export function parseUploadKey(key: string): UploadTrigger | undefined {
  const match = /^uploads\/([^/]+)\/([0-9a-f-]{36})\/(?:input\.csv|review-(\d{1,6})\.json)$/.exec(key);
  if (!match) return undefined;
  const [, districtId, jobId, revision] = match;
  return revision === undefined
    ? { kind: 'input', districtId, jobId }
    : { kind: 'review', districtId, jobId, revision: Number(revision) };
}

/** Only the four person types run through the people engine today. */
export const UPLOAD_TYPES = [
  'student',
  'teacher',
  'staff',
  'district_admin',
] as const satisfies readonly PersonType[];
