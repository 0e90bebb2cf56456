// Secrets Manager has no local server here, so its client is mocked (aws-sdk-client-mock).
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { cleverCredentialsSource } from '../../../lib/adapters/clever-credentials.ts';
import { parseConfig } from '../../../lib/config.ts';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:clever';
const clever = (env: Record<string, string>) =>
  parseConfig({ BUCKET_NAME: 'b-1', TABLE_NAME: 't', CLEVER_CLIENT_ID: 'client', ...env }).clever;

describe('Clever client credentials', () => {
  it('uses the local secret from the environment without calling Secrets Manager', async () => {
    const secrets = new SecretsManagerClient({ region: 'us-east-1' });
    const mock = mockClient(secrets);
    const source = cleverCredentialsSource(clever({ CLEVER_CLIENT_SECRET: 'local-secret' }), secrets);

    expect(await source()).toEqual({ clientId: 'client', clientSecret: 'local-secret' });
    expect(mock.calls()).toHaveLength(0);
  });

  it('fetches the secret by ARN once per container', async () => {
    const secrets = new SecretsManagerClient({ region: 'us-east-1' });
    const mock = mockClient(secrets);
    mock.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: 'from-sm' });
    const source = cleverCredentialsSource(clever({ CLEVER_CLIENT_SECRET_ARN: ARN }), secrets);

    await source();
    expect(await source()).toEqual({ clientId: 'client', clientSecret: 'from-sm' });
    expect(mock.calls()).toHaveLength(1);
  });

  it('does not cache a failed fetch, so the next invocation retries', async () => {
    const secrets = new SecretsManagerClient({ region: 'us-east-1' });
    const mock = mockClient(secrets);
    mock.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: 'later' });
    const source = cleverCredentialsSource(clever({ CLEVER_CLIENT_SECRET_ARN: ARN }), secrets);

    await expect(source()).rejects.toThrow('throttled');
    expect((await source()).clientSecret).toBe('later');
  });
});
