// Wires the pipeline to the real local servers started by test/global-setup.ts and to a Clever emulator
// serving small generated districts, imported the way onboarding imports them (tokens stored encrypted).
// Each harness gets its own bucket and table.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import {
  type CleverEmulatorServer,
  DEFAULT_EMULATOR_CLIENT,
  startCleverEmulatorServer,
} from '../../../dev/clever-emulator/server.ts';
import { generateDistrict } from '../../../dev/synth/district.ts';
import { csvLine } from '../../../dev/synth/files.ts';
import { readMailbox, type StoredEmail } from '../../../infra/local/aws-servers.ts';
import { provisionLocalResources } from '../../../infra/local/provision.ts';
import { createAwsClients } from '../../../lib/adapters/aws-clients.ts';
import { createOnboardingRuntime } from '../../../lib/adapters/onboarding-runtime.ts';
import { createPipelineRuntime } from '../../../lib/adapters/pipeline-runtime.ts';
import { generateLocalTokenKey } from '../../../lib/adapters/token-cipher.ts';
import { type Config, parseConfig } from '../../../lib/config.ts';
import { importDistrictTokens } from '../../../lib/onboarding/tokens.ts';
import { JOB_RETENTION_DAYS, type JobRecord, uploadKey } from '../../../lib/pipeline/jobs.ts';
import type { LogFields, PipelineLogger } from '../../../lib/ports/logger.ts';

/** Log lines captured instead of printed, so tests can assert nothing sensitive is logged. */
export class CapturingLogger implements PipelineLogger {
  readonly lines: string[] = [];
  info = (message: string, fields?: LogFields) => this.lines.push(JSON.stringify({ message, ...fields }));
  warn = this.info;
  error = this.info;
}

export async function startHarness(
  options: { students?: number; otherDistricts?: number; env?: Record<string, string> } = {},
) {
  const district = generateDistrict({
    seed: 7,
    students: options.students ?? 120,
    teachers: 8,
    staff: 2,
    schools: 2,
  });
  const otherDistricts = Array.from({ length: options.otherDistricts ?? 0 }, (_, index) =>
    generateDistrict({ seed: 8 + index, students: 30, teachers: 3, staff: 1, schools: 1 }),
  );
  const emulator: CleverEmulatorServer = await startCleverEmulatorServer({
    port: 0,
    seed: 7,
    districts: [district, ...otherDistricts],
  });
  const name = `t-${randomUUID().slice(0, 8)}`;
  const config: Config = parseConfig({
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_ENDPOINT_URL_SESV2: inject('sesEndpoint'),
    BUCKET_NAME: name,
    TABLE_NAME: name,
    CLEVER_API_BASE: emulator.url,
    CLEVER_OAUTH_BASE: emulator.url,
    CLEVER_CLIENT_ID: DEFAULT_EMULATOR_CLIENT.clientId,
    CLEVER_CLIENT_SECRET: DEFAULT_EMULATOR_CLIENT.clientSecret,
    LOCAL_TOKEN_KEY: generateLocalTokenKey(),
    ...options.env,
  });
  const clients = createAwsClients(config);
  await provisionLocalResources(clients, { bucket: config.bucketName, table: config.tableName });
  const runtime = createPipelineRuntime(config, clients);
  const log = new CapturingLogger();
  const onboarding = createOnboardingRuntime(config, log, { clients });
  await importDistrictTokens(onboarding);
  const deps = runtime.processDeps(log);
  const studentCsv = [district.app.student.headers, ...district.app.student.rows].map(csvLine).join('');
  const sesEndpoint = inject('sesEndpoint');

  return {
    config,
    district,
    otherDistricts,
    emulator,
    runtime,
    onboarding,
    deps,
    log,
    studentCsv,
    /** A job as POST /uploads records it, with its CSV already uploaded. */
    async uploadJob(csv: string, overrides: Partial<JobRecord> = {}): Promise<JobRecord> {
      const jobId = randomUUID();
      const now = new Date();
      const districtId = overrides.districtId ?? district.district.id;
      const job: JobRecord = {
        jobId,
        districtId,
        type: 'student',
        idColumn: district.app.student.headers[0],
        notify: [`staff-${jobId.slice(0, 8)}@example.org`],
        status: 'awaiting_upload',
        createdAt: now.toISOString(),
        createdBy: 'test',
        expiresAt: Math.floor(now.getTime() / 1000) + JOB_RETENTION_DAYS * 86_400,
        uploadKey: uploadKey(districtId, jobId),
        ...overrides,
      };
      await runtime.jobs.create(job);
      await runtime.objects.put(job.uploadKey, csv, 'text/csv');
      return job;
    },
    /** An object's text, e.g. a result CSV. */
    async readText(key: string): Promise<string> {
      return (await runtime.objects.readBytes(key)).toString('utf8');
    },
    async emailsTo(address: string): Promise<StoredEmail[]> {
      return (await readMailbox(sesEndpoint)).filter((email) => email.destination.to.includes(address));
    },
    close: () => emulator.close(),
  };
}
