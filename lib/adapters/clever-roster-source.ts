// RosterSource on the Clever Data API. The district's token comes from DistrictTokens (the stored one,
// else Clever's current one); a 401 mid-list asks it once for the current token and the page is retried.
import { type CleverClient, createCleverClient } from '../clever/client.ts';
import { DistrictTokenSource } from '../clever/district-tokens.ts';
import { CleverAuthError, CleverNotFoundError } from '../clever/errors.ts';
import { DomainError } from '../errors.ts';
import { type DistrictTokenDeps, DistrictTokens } from '../onboarding/tokens.ts';
import type { RosterSource } from '../ports/roster-source.ts';
import type { CredentialsSource } from './clever-credentials.ts';

/**
 * The district's current token as /oauth/tokens?district=ID lists it, undefined when it lists none. Each
 * call asks Clever again (concurrent calls for one district share one request): it is only made when the
 * stored token is missing, does not decrypt or was refused.
 */
function cleverTokenLookup(options: {
  client: Pick<CleverClient, 'listDistrictTokens'>;
  credentials: CredentialsSource;
}): (districtId: string) => Promise<string | undefined> {
  let source: DistrictTokenSource | undefined;
  let sourceCredentials: Awaited<ReturnType<CredentialsSource>> | undefined;
  return async (districtId) => {
    const credentials = await options.credentials();
    // A rotated client secret arrives as new credentials: look tokens up with those from then on.
    if (!source || credentials !== sourceCredentials) {
      source = new DistrictTokenSource({ client: options.client, credentials });
      sourceCredentials = credentials;
    }
    try {
      return await source.refresh(districtId);
    } catch (error) {
      if (error instanceof CleverNotFoundError) return undefined;
      // Basic auth with the app's credentials: a 401 here is about the app, not the district.
      if (error instanceof CleverAuthError)
        throw new DomainError(
          'CLEVER_APP_CREDENTIALS_REFUSED',
          'Clever refused the app credentials when looking up the district token; check the Clever client id and secret.',
        );
      throw error;
    }
  };
}

export function createCleverRosterSource(options: {
  apiBase: string;
  oauthBase: string;
  credentials: CredentialsSource;
  /** Where the district's encrypted token is read from and re-stored to. */
  storage: Omit<DistrictTokenDeps, 'lookUpToken'>;
}): RosterSource {
  const client = createCleverClient({
    apiBase: options.apiBase,
    oauthBase: options.oauthBase,
    onTokenRefresh: ({ token, districtId }) =>
      districtId ? tokens.refreshRejected(districtId, token) : Promise.resolve(undefined),
  });
  const tokens = new DistrictTokens({
    ...options.storage,
    lookUpToken: cleverTokenLookup({ client, credentials: options.credentials }),
  });
  // A 401 that gets out of the client came after its one refresh: Clever refuses the token it lists.
  async function* withToken<T>(districtId: string, list: (token: string) => AsyncIterable<T>) {
    try {
      yield* list(await tokens.current(districtId));
    } catch (error) {
      if (error instanceof CleverAuthError && error.status === 401) throw await tokens.refused(districtId);
      throw error;
    }
  }
  return {
    listUsers: (districtId, role) =>
      withToken(districtId, (token) => client.listUsers({ token, districtId, role })),
    listSchools: (districtId) => withToken(districtId, (token) => client.listSchools({ token, districtId })),
  };
}
