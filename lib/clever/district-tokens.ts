// District-app tokens are looked up by district id through `GET /oauth/tokens`, never stored long:
// Clever rotates tokens, and a stored district id keeps working where a stored token would not. A short
// in-memory cache saves the lookup per page or per job; `refresh` is what a 401 calls.
import type { AppCredentials, CleverClient } from './client.ts';
import { CleverNotFoundError } from './errors.ts';

export interface DistrictTokenSourceOptions {
  client: Pick<CleverClient, 'listDistrictTokens'>;
  credentials: AppCredentials;
  cacheTtlMs?: number;
  now?: () => number;
}

const DEFAULT_CACHE_TTL_MS = 5 * 60_000;

export class DistrictTokenSource {
  private readonly cache = new Map<string, { token: string; fetchedAt: number }>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly cacheTtlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: DistrictTokenSourceOptions) {
    this.cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  async getToken(districtId: string): Promise<string> {
    const cached = this.cache.get(districtId);
    if (cached && this.now() - cached.fetchedAt < this.cacheTtlMs) return cached.token;
    return this.fetch(districtId);
  }

  /** Drops the cached token and asks Clever for the district's current one. */
  async refresh(districtId: string): Promise<string> {
    this.cache.delete(districtId);
    return this.fetch(districtId);
  }

  private fetch(districtId: string): Promise<string> {
    // Concurrent callers for one district share one lookup.
    const pending = this.inFlight.get(districtId);
    if (pending) return pending;
    const lookup = this.lookUp(districtId).finally(() => this.inFlight.delete(districtId));
    this.inFlight.set(districtId, lookup);
    return lookup;
  }

  private async lookUp(districtId: string): Promise<string> {
    const tokens = await this.options.client.listDistrictTokens({
      credentials: this.options.credentials,
      districtId,
    });
    const entry = tokens.find((token) => token.owner.type === 'district' && token.owner.id === districtId);
    if (!entry) {
      throw new CleverNotFoundError({
        method: 'GET',
        path: '/oauth/tokens?owner_type=district',
        detail: `no district-app token for district ${districtId}: the district has not connected this app or has disconnected it`,
      });
    }
    this.cache.set(districtId, { token: entry.access_token, fetchedAt: this.now() });
    return entry.access_token;
  }
}
