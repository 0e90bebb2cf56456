// Composition root of onboarding: turns the parsed config into the ports the use cases take. Each Lambda
// module calls it once at initialisation; tests pass their own SDK clients. The Clever client secret is
// read through cleverCredentialsSource (Secrets Manager in AWS) when a Clever call first needs it.
import { createCleverClient } from '../clever/client.ts';
import type { Config } from '../config.ts';
import type { OnboardingDeps, OnboardingLogger } from '../ports/onboarding.ts';
import { type AwsClients, createAwsClients } from './aws-clients.ts';
import { cleverCredentialsSource } from './clever-credentials.ts';
import { createCleverOnboardingGateway } from './clever-onboarding-gateway.ts';
import { DynamoOnboardingStore } from './dynamo-onboarding-store.ts';
import { createTokenCipher } from './token-cipher.ts';

export type OnboardingRuntimeConfig = Pick<
  Config,
  'aws' | 'tableName' | 'publicBaseUrl' | 'clever' | 'kmsKeyId' | 'onboarding'
>;

export function createOnboardingRuntime(
  config: OnboardingRuntimeConfig,
  log: OnboardingLogger,
  options: {
    clients?: Pick<AwsClients, 'dynamo' | 'kms' | 'secrets'>;
    now?: () => Date;
  } = {},
): OnboardingDeps {
  const clients = options.clients ?? createAwsClients(config);
  return {
    store: new DynamoOnboardingStore(clients.dynamo, config.tableName),
    clever: createCleverOnboardingGateway({
      client: createCleverClient({ apiBase: config.clever.apiBase, oauthBase: config.clever.oauthBase }),
      clientId: config.clever.clientId,
      credentials: cleverCredentialsSource(config.clever, clients.secrets),
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
