// Benchmark: uploads of N app rows through the local stack's match function (run in a child process so
// its peak RSS is its own), against a Clever emulator district of the same size.
//   npx tsx infra/local/bench-match.ts [rows ...]      (default: 10000 50000 100000)
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { DEFAULT_EMULATOR_CLIENT, startCleverEmulatorServer } from '../../dev/clever-emulator/server.ts';
import { generateDistrict } from '../../dev/synth/district.ts';
import { csvLine } from '../../dev/synth/files.ts';
import { createAwsClients } from '../../lib/adapters/aws-clients.ts';
import { DynamoOnboardingStore } from '../../lib/adapters/dynamo-onboarding-store.ts';
import { createPipelineRuntime } from '../../lib/adapters/pipeline-runtime.ts';
import { parseConfig } from '../../lib/config.ts';
import { JOB_RETENTION_DAYS, uploadKey } from '../../lib/pipeline/jobs.ts';
import { startLocalAwsServers } from './aws-servers.ts';
import { provisionLocalResources } from './provision.ts';
import { seedLinkedOrganisation } from './seed.ts';

const sizes = process.argv.slice(2).map(Number);
// The local servers accept any credentials; the SDK still wants some.
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
const aws = await startLocalAwsServers();
try {
  for (const students of sizes.length ? sizes : [10_000, 50_000, 100_000]) {
    const district = generateDistrict({
      seed: 42,
      students,
      schools: Math.max(2, Math.round(students / 2500)),
    });
    const emulator = await startCleverEmulatorServer({ port: 0, seed: 42, districts: [district] });
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: aws.s3Endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: aws.dynamoEndpoint,
      AWS_ENDPOINT_URL_SESV2: aws.sesEndpoint,
      BUCKET_NAME: `bench-${students}`,
      TABLE_NAME: `bench-${students}`,
      CLEVER_API_BASE: emulator.url,
      CLEVER_OAUTH_BASE: emulator.url,
      CLEVER_CLIENT_ID: DEFAULT_EMULATOR_CLIENT.clientId,
      CLEVER_CLIENT_SECRET: DEFAULT_EMULATOR_CLIENT.clientSecret,
      LOG_LEVEL: 'ERROR',
    };
    const config = parseConfig(env);
    const clients = createAwsClients(config);
    await provisionLocalResources(clients, { bucket: config.bucketName, table: config.tableName });
    // The match function only reads rosters of districts onboarding knows.
    await seedLinkedOrganisation(
      new DynamoOnboardingStore(clients.dynamo, config.tableName),
      district.district,
    );
    const runtime = createPipelineRuntime(config, clients);
    const app = district.app.student;
    const csv = [app.headers, ...app.rows].map(csvLine).join('');
    const jobId = randomUUID();
    const key = uploadKey(district.district.id, jobId);
    await runtime.jobs.create({
      jobId,
      districtId: district.district.id,
      type: 'student',
      idColumn: app.headers[0],
      notify: ['bench@example.org'],
      status: 'awaiting_upload',
      createdAt: new Date().toISOString(),
      createdBy: 'bench',
      expiresAt: Math.floor(Date.now() / 1000) + JOB_RETENTION_DAYS * 86_400,
      uploadKey: key,
    });
    await runtime.objects.put(key, csv, 'text/csv');

    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'infra/local/match-worker.ts', config.bucketName, key],
      { env: { ...process.env, ...env }, maxBuffer: 1 << 20 },
    );
    const measured = JSON.parse(stdout.trim().split('\n').pop() as string) as {
      initMs: number;
      durationMs: number;
      peakRssMb: number;
    };
    const job = await runtime.jobs.get(jobId);
    console.log(
      `| ${app.rows.length.toLocaleString('en-US')} | ${(Buffer.byteLength(csv) / 1e6).toFixed(1)} MB | ${job?.outcome?.rows.clever.toLocaleString('en-US')} | ${job?.status} | ${(measured.durationMs / 1000).toFixed(1)} s | ${measured.peakRssMb} MB |`,
    );
    await emulator.close();
  }
} finally {
  await aws.close();
}
