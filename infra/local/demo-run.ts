// One whole upload → match → email run over HTTP, exactly as a browser or script would drive it. Shared by
// `npm run demo` and the end-to-end test.
import { callAdminApi } from './admin-api.ts';
import { readMailbox, type StoredEmail } from './aws-servers.ts';
import type { LocalStackState } from './stack.ts';

export interface DemoJobStatus {
  jobId: string;
  status: string;
  counts?: Record<string, number>;
  rows?: { app: number; clever: number };
  failure?: { code: string; reason: string };
  result?: { url: string };
}

export interface DemoRun {
  job: DemoJobStatus;
  email: StoredEmail | undefined;
}

export async function runDemoUpload(
  state: LocalStackState,
  upload: { csv: string; idColumn: string; notify: string; timeoutMs?: number },
  log: (line: string) => void = () => {},
): Promise<DemoRun> {
  log(`1. Creating an upload for district ${state.districtId}`);
  const created = await callAdminApi<{
    jobId: string;
    upload: { url: string; fields: Record<string, string> };
  }>(state, 'POST', '/uploads', {
    districtId: state.districtId,
    type: 'student',
    idColumn: upload.idColumn,
    notify: [upload.notify],
  });

  log(`2. Posting the CSV to the presigned URL (job ${created.jobId})`);
  const form = new FormData();
  for (const [name, value] of Object.entries(created.upload.fields)) form.append(name, value);
  form.append('file', new Blob([upload.csv], { type: 'text/csv' }), 'students.csv');
  const posted = await fetch(created.upload.url, { method: 'POST', body: form });
  if (!posted.ok) throw new Error(`upload failed: HTTP ${posted.status}`);

  log('3. Waiting for the match');
  const deadline = Date.now() + (upload.timeoutMs ?? 60_000);
  let job: DemoJobStatus;
  do {
    await new Promise((done) => setTimeout(done, 200));
    job = await callAdminApi<DemoJobStatus>(state, 'GET', `/uploads/${created.jobId}`);
  } while ((job.status === 'awaiting_upload' || job.status === 'processing') && Date.now() < deadline);

  const email = (await readMailbox(state.mailboxUrl)).find(
    (e) => e.destination.to.includes(upload.notify) && e.body.text?.includes(created.jobId),
  );
  return { job, email };
}
