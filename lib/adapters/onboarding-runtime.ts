// Composition root of onboarding: turns the parsed config into the ports the use cases take. Each Lambda
// module calls it once at initialisation; the local stack, the demo script and tests pass their own
// clients (and, in tests, a Clever client pointed at the emulator).
import { randomBytes } from 'node:crypto';
import { type CleverClient, createCleverClient } from '../clever/client.ts';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import type { OnboardingDeps, OnboardingLogger, TokenCipher } from '../onboarding/ports.ts';
import { type AwsClients, createAwsClients } from './aws-clients.ts';
import { createCleverOnboardingGateway } from './clever-onboarding-gateway.ts';
import { DynamoOnboardingStore } from './dynamo-onboarding-store.ts';
import { KmsTokenCipher } from './kms-onboarding-token-cipher.ts';
import { LocalTokenCipher } from './local-onboarding-token-cipher.ts';

export type OnboardingRuntimeConfig = Pick<
  Config,
  'aws' | 'tableName' | 'publicBaseUrl' | 'clever' | 'kmsKeyId' | 'onboarding'
>;

/** One per process: every handler module of the local stack must read what another one wrote. */
let ephemeralLocalKey: Buffer | undefined;

function createTokenCipher(config: OnboardingRuntimeConfig, clients: Pick<AwsClients, 'kms'>): TokenCipher {
  if (config.kmsKeyId) return new KmsTokenCipher(clients.kms, config.kmsKeyId);
  const key = config.onboarding.localTokenKey;
  if (key) {
    const bytes = Buffer.from(key, 'base64');
    if (bytes.length !== 32)
      throw new ConfigError('LOCAL_TOKEN_KEY must be 32 random bytes, base64-encoded.');
    return new LocalTokenCipher(bytes);
  }
  // Against a local DynamoDB (in memory, gone on restart) a key that lives as long as the process is enough.
  if (config.aws.endpoints.dynamodb) {
    ephemeralLocalKey ??= randomBytes(32);
    return new LocalTokenCipher(ephemeralLocalKey);
  }
  throw new ConfigError('Set KMS_KEY_ID (AWS) or LOCAL_TOKEN_KEY (local stack) to store Clever tokens.');
}

/** A fresh LOCAL_TOKEN_KEY value for the local stack and tests. */
export function generateLocalTokenKey(): string {
  return randomBytes(32).toString('base64');
}

export function createOnboardingRuntime(
  config: OnboardingRuntimeConfig,
  log: OnboardingLogger,
  options: {
    clients?: Pick<AwsClients, 'dynamo' | 'kms'>;
    cleverClient?: CleverClient;
    now?: () => Date;
  } = {},
): OnboardingDeps {
  const clients = options.clients ?? createAwsClients(config);
  const cleverClient =
    options.cleverClient ??
    createCleverClient({ apiBase: config.clever.apiBase, oauthBase: config.clever.oauthBase });
  return {
    store: new DynamoOnboardingStore(clients.dynamo, config.tableName),
    clever: createCleverOnboardingGateway({
      client: cleverClient,
      credentials: { clientId: config.clever.clientId, clientSecret: config.clever.clientSecret ?? '' },
    }),
    cipher: createTokenCipher(config, clients),
    log,
    settings: {
      appBaseUrl: config.publicBaseUrl,
      linkRedirectUri: config.onboarding.linkRedirectUri,
      loginRedirectUri: config.onboarding.loginRedirectUri,
      linkStateTtlSeconds: config.onboarding.linkStateTtlSeconds,
      loginSessionTtlSeconds: config.onboarding.loginSessionTtlSeconds,
    },
    now: options.now,
  };
}
