// The one email a job sends. By default it carries counts and a short-lived download link, so student
// data stays out of mailboxes; the CSV is attached only when configured and small enough. The email
// claim makes the send happen once even when duplicate events reach this point together.
import type { JobStore } from '../ports/job-store.ts';
import type { PipelineLogger } from '../ports/logger.ts';
import type { Mailer, OutgoingEmail } from '../ports/mailer.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { JobRecord } from './jobs.ts';

export interface EmailSettings {
  attachResult: boolean;
  attachmentMaxBytes: number;
  resultLinkExpirySeconds: number;
  /** Where the status page/API lives, for a fresh link after this one expires. */
  publicBaseUrl: string;
}

interface EmailDeps {
  jobs: JobStore;
  objects: ObjectStore;
  mailer: Mailer;
  log: PipelineLogger;
  email: EmailSettings;
}

/** Sends the job's email unless it was sent (or is being sent) by another invocation. True if sent now. */
export async function sendJobEmailOnce(
  deps: EmailDeps,
  job: JobRecord,
  invocationId: string,
): Promise<boolean> {
  if (!job.notify.length || job.email?.state === 'sent') return false;
  if (!(await deps.jobs.claimEmail(job.jobId, invocationId))) return false;
  try {
    const { email, mode } = await composeJobEmail(deps, job);
    const messageId = await deps.mailer.send(email);
    await deps.jobs.recordEmail(job.jobId, { state: 'sent', claimedBy: invocationId, mode, messageId });
    deps.log.info('job email sent', { jobId: job.jobId, mode, recipients: job.notify.length });
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'unknown';
    await deps.jobs.recordEmail(job.jobId, { state: 'failed', claimedBy: invocationId, error: reason });
    deps.log.error('job email failed', { jobId: job.jobId, errorName: reason });
    throw error;
  }
}

async function composeJobEmail(
  deps: EmailDeps,
  job: JobRecord,
): Promise<{ email: OutgoingEmail; mode: 'link' | 'attachment' | 'failure-notice' }> {
  const statusUrl = `${deps.email.publicBaseUrl}/uploads/${job.jobId}`;
  const heading = `rostermatch ${job.type} match for Clever district ${job.districtId}`;
  if (job.status !== 'completed' || !job.outcome) {
    const failure = job.failure;
    const lines = [
      `The ${job.type} upload (job ${job.jobId}) could not be matched.`,
      '',
      failure?.reason ?? 'The job did not finish.',
      ...(failure?.problems?.length
        ? ['', `The first problems (${failure.problems.length} shown on the job):`]
        : []),
      ...(failure?.problems ?? [])
        .slice(0, 5)
        .map((p) => `  - line ${p.line ?? '?'}${p.column ? `, column ${p.column}` : ''}: ${p.code}`),
      '',
      `Job status: ${statusUrl}`,
    ];
    return {
      email: { to: job.notify, subject: `${heading}: failed`, text: lines.join('\n') },
      mode: 'failure-notice',
    };
  }
  const { outcome } = job;
  const countLines = Object.entries(outcome.counts).map(([result, count]) => `  ${result}: ${count}`);
  const size = await deps.objects.size(outcome.resultKey);
  const attach = deps.email.attachResult && size !== undefined && size <= deps.email.attachmentMaxBytes;
  const fileName = `rostermatch-${job.jobId}.csv`;
  const doneEmail = (closing: string[]): OutgoingEmail => ({
    to: job.notify,
    subject: `${heading}: done`,
    text: [
      `The ${job.type} match for job ${job.jobId} is done: ${outcome.rows.app} app records, ${outcome.rows.clever} Clever records.`,
      '',
      ...countLines,
      `  suggestions to review: ${outcome.suggestions}`,
      '',
      ...closing,
    ].join('\n'),
  });
  if (attach) {
    const content = await deps.objects.readBytes(outcome.resultKey);
    return {
      email: {
        ...doneEmail([
          'The result CSV is attached. Please delete it once it has been used.',
          '',
          `Job status: ${statusUrl}`,
        ]),
        attachment: { fileName, contentType: 'text/csv', content },
      },
      mode: 'attachment',
    };
  }
  const link = await deps.objects.createDownloadUrl(
    outcome.resultKey,
    fileName,
    deps.email.resultLinkExpirySeconds,
  );
  const minutes = Math.round(deps.email.resultLinkExpirySeconds / 60);
  return {
    email: doneEmail([
      `Download the result (link valid for ${minutes} minutes):`,
      link,
      '',
      `After that, get a fresh link from the job status: ${statusUrl}`,
    ]),
    mode: 'link',
  };
}
