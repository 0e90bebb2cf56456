// The district-token cipher every composition root uses: KMS in AWS, AES-GCM with a local key on the local
// stack and in tests. The onboarding functions store tokens and the match function reads (and re-stores)
// them, so both must build the same cipher from the same configuration.
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import type { TokenCipher } from '../ports/onboarding.ts';
import type { AwsClients } from './aws-clients.ts';
import { KmsTokenCipher } from './kms-onboarding-token-cipher.ts';
import { LocalTokenCipher } from './local-onboarding-token-cipher.ts';

/** One per process: every handler module of the local stack must read what another one wrote. */
let ephemeralLocalKey: Buffer | undefined;

export function createTokenCipher(
  config: Pick<Config, 'aws' | 'kmsKeyId' | 'onboarding'>,
  clients: Pick<AwsClients, 'kms'>,
): TokenCipher {
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
