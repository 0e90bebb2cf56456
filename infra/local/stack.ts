// The whole system on one machine: local AWS look-alikes, the Clever emulator, the HTTP routes served by
// the Lambda handlers, the web console, and S3 ObjectCreated events delivered to the match function with
// Lambda's async retry behaviour (same request id, two retries). Used by `npm start`, `npm run demo` and
// the e2e test.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context, S3Event } from 'aws-lambda';
import { demoDistricts } from '../../dev/clever-emulator/demo.ts';
import type { EmulatorDistrict } from '../../dev/clever-emulator/district-data.ts';
import {
  type CleverEmulatorServer,
  DEFAULT_EMULATOR_CLIENT,
  startCleverEmulatorServer,
} from '../../dev/clever-emulator/server.ts';
import { type LambdaHttpHandler, type LocalApi, startLocalApi } from '../../dev/http/local-server.ts';
import { createAwsClients } from '../../lib/adapters/aws-clients.ts';
import { DynamoOnboardingStore } from '../../lib/adapters/dynamo-onboarding-store.ts';
import { LOCAL_ADMIN_TOKEN_DEFAULT, parseConfig } from '../../lib/config.ts';
import { localLambdaContext } from '../../lib/http/lambda-context.ts';
import { ROUTES } from '../../lib/http/routes.ts';
import type { ImportSummary } from '../../lib/onboarding/tokens.ts';
import { UPLOAD_TRIGGER_PREFIX } from '../../lib/pipeline/jobs.ts';
import { type LocalAwsServers, startLocalAwsServers } from './aws-servers.ts';
import { consoleRoutes } from './console.ts';
import { provisionLocalResources } from './provision.ts';
import {
  type OnboardingDemo,
  onboardingDemo,
  type SeededOrganisation,
  seedLinkedOrganisation,
  seedOnboardingDemo,
} from './seed.ts';

export interface LocalStackOptions {
  port?: number;
  adminToken?: string;
  emulatorPort?: number;
  /** Clever districts to serve; defaults to the emulator's seeded demo districts. */
  districts?: EmulatorDistrict[];
  seed?: number;
  /** Also save the demo organisations and import every district token (what `npm start` shows). */
  seedOnboarding?: boolean;
  /** Extra environment for the handlers (e.g. ATTACH_RESULT). */
  env?: Record<string, string>;
  /** Lambda's async retry delays are 1 and 2 minutes; locally they are shortened. */
  retryDelaysMs?: number[];
  onMatchError?: (error: unknown, attempt: number) => void;
}

export interface LocalStack {
  /** What a client needs to drive this stack (also written to LOCAL_STACK_STATE_FILE by `npm start`). */
  state: LocalStackState;
  apiUrl: string;
  mailboxUrl: string;
  emulator: CleverEmulatorServer;
  adminToken: string;
  demo: SeededOrganisation;
  /** With `seedOnboarding`: the organisations saved and what the token import did. */
  onboarding?: { demo: OnboardingDemo; imported: ImportSummary };
  bucket: string;
  table: string;
  aws: LocalAwsServers;
  /** Resolves once every S3 event delivered so far has been handled (or has exhausted its retries). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** What a running `npm start` tells `npm run demo` (written under the git-ignored .data/). */
export interface LocalStackState {
  apiUrl: string;
  mailboxUrl: string;
  emulatorUrl: string;
  adminToken: string;
  districtId: string;
  /** The seed of the emulator's demo districts. */
  seed: number;
  pid: number;
}
export const LOCAL_STACK_STATE_FILE = '.data/local-stack.json';

type MatchHandler = (event: S3Event, context: Context) => Promise<void>;

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const importHandler = async <T>(entry: string): Promise<T> =>
  ((await import(pathToFileURL(resolve(REPO_ROOT, entry)).href)) as { handler: T }).handler;

/** The stack `npm start` is running, if any (its state file names a live process). */
export async function findRunningStack(): Promise<LocalStackState | undefined> {
  try {
    const state = JSON.parse(await readFile(LOCAL_STACK_STATE_FILE, 'utf8')) as LocalStackState;
    process.kill(state.pid, 0);
    return state;
  } catch {
    return undefined;
  }
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  if (options.seedOnboarding && options.districts)
    throw new Error(
      "The onboarding seed is shaped for the emulator's demo districts; pass no other districts.",
    );
  const seed = options.seed ?? 1;
  // The handlers and the emulator's app registration need the API's own URL before it listens, so an
  // "any free port" request is resolved first.
  const port = options.port === 0 ? await freePort() : (options.port ?? 3000);
  const aws = await startLocalAwsServers();
  const emulator = await startCleverEmulatorServer({
    port: options.emulatorPort ?? 0,
    seed,
    districts: options.districts ?? demoDistricts(seed),
    clients: [
      {
        ...DEFAULT_EMULATOR_CLIENT,
        redirectUris: [
          ...new Set([
            `http://127.0.0.1:${port}/oauth/clever/login`,
            `http://127.0.0.1:${port}/oauth/clever/link`,
            ...DEFAULT_EMULATOR_CLIENT.redirectUris,
          ]),
        ],
      },
    ],
  });
  const adminToken = options.adminToken ?? LOCAL_ADMIN_TOKEN_DEFAULT;
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_S3: aws.s3Endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: aws.dynamoEndpoint,
    AWS_ENDPOINT_URL_SESV2: aws.sesEndpoint,
    BUCKET_NAME: 'rostermatch-local',
    TABLE_NAME: 'rostermatch-local',
    SENDER_EMAIL: 'rostermatch@example.org',
    ADMIN_TOKEN: adminToken,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    CLEVER_API_BASE: emulator.url,
    CLEVER_OAUTH_BASE: emulator.url,
    CLEVER_CLIENT_ID: DEFAULT_EMULATOR_CLIENT.clientId,
    CLEVER_CLIENT_SECRET: DEFAULT_EMULATOR_CLIENT.clientSecret,
    CLEVER_REDIRECT_URIS: `http://127.0.0.1:${port}/oauth/clever/link,http://127.0.0.1:${port}/oauth/clever/login`,
    LOG_LEVEL: 'WARN',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...options.env,
  };
  // The handlers are the Lambda modules themselves: they parse process.env once when first imported.
  Object.assign(process.env, env);
  const config = parseConfig(process.env);
  const clients = createAwsClients(config);
  await provisionLocalResources(clients, { bucket: config.bucketName, table: config.tableName });
  const [firstDistrict] = emulator.districts();
  const demo = await seedLinkedOrganisation(
    new DynamoOnboardingStore(clients.dynamo, config.tableName),
    firstDistrict,
  );

  const routes = [
    ...(await Promise.all(
      ROUTES.map(async (route) => ({
        method: route.method,
        path: route.path,
        handler: await importHandler<LambdaHttpHandler>(route.entry),
      })),
    )),
    ...(await consoleRoutes()),
  ];
  let api: LocalApi;
  try {
    api = await startLocalApi({ routes, port });
  } catch (error) {
    await Promise.all([aws.close(), emulator.close()]);
    throw error;
  }

  const matchHandler = await importHandler<MatchHandler>('functions/match-upload.ts');
  const retryDelays = options.retryDelaysMs ?? [1_000, 2_000];
  const inFlight = new Set<Promise<void>>();
  const deliver = async (event: S3Event) => {
    const requestId = randomUUID();
    for (let attempt = 0; ; attempt++) {
      try {
        await matchHandler(event, localLambdaContext('match-upload', requestId, 15 * 60_000));
        return;
      } catch (error) {
        options.onMatchError?.(error, attempt);
        if (attempt >= retryDelays.length) return;
        await new Promise((done) => setTimeout(done, retryDelays[attempt]));
      }
    }
  };
  aws.onObjectCreated((event) => {
    // The same filter as the bucket notification in AWS.
    if (!event.Records.every((record) => record.s3.object.key.startsWith(UPLOAD_TRIGGER_PREFIX))) return;
    const delivery = deliver(event).finally(() => inFlight.delete(delivery));
    inFlight.add(delivery);
  });

  const state: LocalStackState = {
    apiUrl: api.url,
    mailboxUrl: aws.sesEndpoint,
    emulatorUrl: emulator.url,
    adminToken,
    districtId: demo.districtId,
    seed,
    pid: process.pid,
  };
  const close = async () => {
    await api.close();
    await Promise.allSettled([...inFlight]);
    await Promise.all([aws.close(), emulator.close()]);
  };
  let onboarding: LocalStack['onboarding'];
  if (options.seedOnboarding) {
    const plan = onboardingDemo(seed);
    try {
      onboarding = { demo: plan, imported: await seedOnboardingDemo(state, plan) };
    } catch (error) {
      await close();
      throw error;
    }
  }

  return {
    state,
    onboarding,
    apiUrl: api.url,
    mailboxUrl: aws.sesEndpoint,
    emulator,
    adminToken,
    demo,
    bucket: config.bucketName,
    table: config.tableName,
    aws,
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    close,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}
