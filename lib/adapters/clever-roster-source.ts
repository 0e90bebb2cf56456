// RosterSource on the Clever Data API: the district's current token comes from /oauth/tokens (Clever
// rotates tokens, so only the district id is kept), and a 401 asks for the current token once more.
import { type AppCredentials, createCleverClient } from '../clever/client.ts';
import { DistrictTokenSource } from '../clever/district-tokens.ts';
import type { RosterSource } from '../ports/roster-source.ts';

export function createCleverRosterSource(options: {
  apiBase: string;
  oauthBase: string;
  credentials: AppCredentials;
}): RosterSource {
  const tokens = new DistrictTokenSource({
    client: createCleverClient({ apiBase: options.apiBase, oauthBase: options.oauthBase }),
    credentials: options.credentials,
  });
  const client = createCleverClient({
    apiBase: options.apiBase,
    oauthBase: options.oauthBase,
    onTokenRefresh: ({ districtId }) =>
      districtId ? tokens.refresh(districtId) : Promise.resolve(undefined),
  });
  return {
    async *listUsers(districtId, role) {
      const token = await tokens.getToken(districtId);
      yield* client.listUsers({ token, districtId, role });
    },
    async *listSchools(districtId) {
      const token = await tokens.getToken(districtId);
      yield* client.listSchools({ token, districtId });
    },
  };
}
