// District tokens encrypted directly with KMS (a token is far below the 4 KB plaintext limit) under an
// encryption context naming the district: KMS refuses to decrypt a ciphertext moved to another district,
// and IAM can scope kms:Decrypt to the context's purpose (reliability.md §2).
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { EncryptionContext, TokenCipher } from '../ports/onboarding.ts';

export class KmsTokenCipher implements TokenCipher {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async encrypt(plaintext: string, context: EncryptionContext): Promise<string> {
    const { CiphertextBlob } = await this.kms.send(
      new EncryptCommand({
        KeyId: this.keyId,
        Plaintext: Buffer.from(plaintext, 'utf8'),
        EncryptionContext: context,
      }),
    );
    if (!CiphertextBlob) throw new Error('KMS Encrypt returned no ciphertext.');
    return Buffer.from(CiphertextBlob).toString('base64');
  }

  async decrypt(ciphertext: string, context: EncryptionContext): Promise<string> {
    const { Plaintext } = await this.kms.send(
      new DecryptCommand({
        KeyId: this.keyId,
        CiphertextBlob: Buffer.from(ciphertext, 'base64'),
        EncryptionContext: context,
      }),
    );
    if (!Plaintext) throw new Error('KMS Decrypt returned no plaintext.');
    return Buffer.from(Plaintext).toString('utf8');
  }
}
