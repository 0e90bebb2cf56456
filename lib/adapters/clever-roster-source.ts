// RosterSource on the Clever Data API: the district's current token comes from /oauth/tokens (Clever
// rotates tokens, so only the district id is kept), and a 401 asks for the current token once more.
import { createCleverClient } from '../clever/client.ts';
import { DistrictTokenSource } from '../clever/district-tokens.ts';
import type { RosterSource } from '../ports/roster-source.ts';
import type { CredentialsSource } from './clever-credentials.ts';

export function createCleverRosterSource(options: {
  apiBase: string;
  oauthBase: string;
  credentials: CredentialsSource;
}): RosterSource {
  let tokens: Promise<DistrictTokenSource> | undefined;
  const tokenSource = () => {
    tokens ??= options.credentials().then(
      (credentials) =>
        new DistrictTokenSource({
          client: createCleverClient({ apiBase: options.apiBase, oauthBase: options.oauthBase }),
          credentials,
        }),
      (error: unknown) => {
        tokens = undefined;
        throw error;
      },
    );
    return tokens;
  };
  const client = createCleverClient({
    apiBase: options.apiBase,
    oauthBase: options.oauthBase,
    onTokenRefresh: async ({ districtId }) =>
      districtId ? (await tokenSource()).refresh(districtId) : undefined,
  });
  return {
    async *listUsers(districtId, role) {
      const token = await (await tokenSource()).getToken(districtId);
      yield* client.listUsers({ token, districtId, role });
    },
    async *listSchools(districtId) {
      const token = await (await tokenSource()).getToken(districtId);
      yield* client.listSchools({ token, districtId });
    },
  };
}
