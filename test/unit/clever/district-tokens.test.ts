import { describe, expect, it } from 'vitest';
import type { CleverClient } from '../../../lib/clever/client.ts';
import { DistrictTokenSource } from '../../../lib/clever/district-tokens.ts';
import { CleverNotFoundError } from '../../../lib/clever/errors.ts';
import type { CleverDistrictToken } from '../../../lib/clever/types.ts';

/** A token list that hands out a new token per district each time it is asked (as after rotation). */
function rotatingTokens() {
  let lookups = 0;
  const client: Pick<CleverClient, 'listDistrictTokens'> = {
    async listDistrictTokens({ districtId }) {
      lookups++;
      if (districtId === 'gone') return [];
      const entry: CleverDistrictToken = {
        id: 'id',
        created: '2024-01-01T00:00:00.000Z',
        owner: { type: 'district', id: districtId! },
        access_token: `token-${districtId}-${lookups}`,
        scopes: [],
      };
      return [entry];
    },
  };
  return { client, lookups: () => lookups };
}

const credentials = { clientId: 'app', clientSecret: 'secret' };

describe('DistrictTokenSource', () => {
  it('serves a cached token within the TTL and looks it up again after', async () => {
    let now = 0;
    const tokens = rotatingTokens();
    const source = new DistrictTokenSource({
      client: tokens.client,
      credentials,
      cacheTtlMs: 1000,
      now: () => now,
    });
    expect(await source.getToken('d1')).toBe('token-d1-1');
    now = 999;
    expect(await source.getToken('d1')).toBe('token-d1-1');
    now = 1000;
    expect(await source.getToken('d1')).toBe('token-d1-2');
  });

  it('refresh bypasses the cache and keeps the fresh token', async () => {
    const tokens = rotatingTokens();
    const source = new DistrictTokenSource({ client: tokens.client, credentials });
    await source.getToken('d1');
    expect(await source.refresh('d1')).toBe('token-d1-2');
    expect(await source.getToken('d1')).toBe('token-d1-2');
  });

  it('shares one lookup among concurrent callers for a district', async () => {
    const tokens = rotatingTokens();
    const source = new DistrictTokenSource({ client: tokens.client, credentials });
    const all = await Promise.all([source.getToken('d1'), source.getToken('d1'), source.getToken('d1')]);
    expect(new Set(all).size).toBe(1);
    expect(tokens.lookups()).toBe(1);
  });

  it('says the district is not connected when Clever lists no token for it', async () => {
    const source = new DistrictTokenSource({ client: rotatingTokens().client, credentials });
    await expect(source.getToken('gone')).rejects.toBeInstanceOf(CleverNotFoundError);
    await expect(source.getToken('gone')).rejects.toThrow(/no district-app token for district gone/);
  });
});
