import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  LocalTokenCipher,
  TokenDecryptionError,
} from '../../../lib/adapters/local-onboarding-token-cipher.ts';
import { tokenEncryptionContext } from '../../../lib/onboarding/tokens.ts';

describe('LocalTokenCipher', () => {
  const cipher = new LocalTokenCipher(randomBytes(32));
  const token = 'f3a9c1d2e4b5a6978812aabbccddeeff00112233';

  it('round-trips a token under the same encryption context, whatever the key order', async () => {
    const ciphertext = await cipher.encrypt(token, { districtId: 'd1', purpose: 'clever-district-token' });
    expect(ciphertext).not.toContain(token);
    expect(await cipher.decrypt(ciphertext, { purpose: 'clever-district-token', districtId: 'd1' })).toBe(
      token,
    );
  });

  it('refuses to decrypt a ciphertext moved to another district', async () => {
    const ciphertext = await cipher.encrypt(token, tokenEncryptionContext('d1'));
    await expect(cipher.decrypt(ciphertext, tokenEncryptionContext('d2'))).rejects.toBeInstanceOf(
      TokenDecryptionError,
    );
  });

  it('refuses a tampered ciphertext', async () => {
    const ciphertext = Buffer.from(await cipher.encrypt(token, tokenEncryptionContext('d1')), 'base64');
    ciphertext[ciphertext.length - 1] ^= 1;
    await expect(cipher.decrypt(ciphertext.toString('base64'), tokenEncryptionContext('d1'))).rejects.toThrow(
      TokenDecryptionError,
    );
  });
});
