// There is no local KMS server, so the adapter is checked against aws-sdk-client-mock: that it names the
// key and sends the district's encryption context on both Encrypt and Decrypt (KMS enforces the match).
import { DecryptCommand, EncryptCommand, InvalidCiphertextException, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { KmsTokenCipher } from '../../../lib/adapters/kms-onboarding-token-cipher.ts';
import { tokenEncryptionContext } from '../../../lib/onboarding/tokens.ts';

const kms = mockClient(KMSClient);
afterEach(() => kms.reset());

describe('KmsTokenCipher', () => {
  const cipher = new KmsTokenCipher(new KMSClient({ region: 'us-east-1' }), 'arn:aws:kms:us-east-1:1:key/k');

  it('encrypts and decrypts under the encryption context naming the district', async () => {
    kms.on(EncryptCommand).resolves({ CiphertextBlob: Buffer.from('wrapped') });
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from('the-token') });
    const ciphertext = await cipher.encrypt('the-token', tokenEncryptionContext('d1'));
    expect(await cipher.decrypt(ciphertext, tokenEncryptionContext('d1'))).toBe('the-token');

    const encrypt = kms.commandCalls(EncryptCommand)[0].args[0].input;
    expect(encrypt).toMatchObject({
      KeyId: 'arn:aws:kms:us-east-1:1:key/k',
      EncryptionContext: { districtId: 'd1', purpose: 'clever-district-token' },
    });
    const decrypt = kms.commandCalls(DecryptCommand)[0].args[0].input;
    expect(decrypt.EncryptionContext).toEqual({ districtId: 'd1', purpose: 'clever-district-token' });
    expect(Buffer.from(decrypt.CiphertextBlob ?? []).toString()).toBe('wrapped');
  });

  it('passes on KMS refusing a ciphertext whose context does not match', async () => {
    kms
      .on(DecryptCommand)
      .rejects(new InvalidCiphertextException({ message: 'context mismatch', $metadata: {} }));
    await expect(
      cipher.decrypt(Buffer.from('x').toString('base64'), tokenEncryptionContext('d2')),
    ).rejects.toBeInstanceOf(InvalidCiphertextException);
  });
});
