// The Clever app's client credentials. Locally the secret comes from the environment; in AWS only its
// Secrets Manager ARN does, and the secret is fetched once per container, when first needed.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AppCredentials } from '../clever/client.ts';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';

export type CredentialsSource = () => Promise<AppCredentials>;

export function cleverCredentialsSource(
  clever: Config['clever'],
  secrets: Pick<SecretsManagerClient, 'send'>,
): CredentialsSource {
  let pending: Promise<AppCredentials> | undefined;
  const load = async (): Promise<AppCredentials> => {
    if (clever.clientSecret) return { clientId: clever.clientId, clientSecret: clever.clientSecret };
    if (!clever.clientSecretArn)
      throw new ConfigError('Set CLEVER_CLIENT_SECRET (local) or CLEVER_CLIENT_SECRET_ARN (AWS).');
    const { SecretString } = await secrets.send(
      new GetSecretValueCommand({ SecretId: clever.clientSecretArn }),
    );
    if (!SecretString) throw new ConfigError('The Clever client secret in Secrets Manager is empty.');
    return { clientId: clever.clientId, clientSecret: SecretString };
  };
  return () => {
    // A failed fetch is not cached, so the next invocation tries again.
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
