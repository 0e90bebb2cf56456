// Local stand-in for KMS: AES-256-GCM with a local key, where the encryption context is bound as
// additional authenticated data, so (as with KMS) a ciphertext only decrypts under the exact context it
// was made with. Used by the local stack and tests; AWS uses KmsTokenCipher.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionContext, TokenCipher } from '../ports/onboarding.ts';

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Key order must not matter, exactly as with a KMS encryption context. */
function canonicalContext(context: EncryptionContext): Buffer {
  const sorted = Object.keys(context)
    .sort()
    .map((key) => [key, context[key]]);
  return Buffer.from(JSON.stringify(sorted), 'utf8');
}

export class TokenDecryptionError extends Error {
  constructor() {
    super('The stored token could not be decrypted under this encryption context.');
    this.name = 'TokenDecryptionError';
  }
}

export class LocalTokenCipher implements TokenCipher {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('LocalTokenCipher needs a 32-byte key.');
    this.key = key;
  }

  async encrypt(plaintext: string, context: EncryptionContext): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(canonicalContext(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), body]).toString('base64');
  }

  async decrypt(ciphertext: string, context: EncryptionContext): Promise<string> {
    const blob = Buffer.from(ciphertext, 'base64');
    if (blob.length < 1 + IV_BYTES + TAG_BYTES || blob[0] !== FORMAT_VERSION)
      throw new TokenDecryptionError();
    const iv = blob.subarray(1, 1 + IV_BYTES);
    const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(canonicalContext(context));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([
        decipher.update(blob.subarray(1 + IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new TokenDecryptionError();
    }
  }
}
