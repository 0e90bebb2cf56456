// CleverGateway (the onboarding port) over the shared Clever client: adds the app credentials (read when a
// call first needs the secret: Secrets Manager in AWS), resolves the signed-in user's role, and turns the
// client's typed errors into the kinds onboarding acts on.
import type { CleverClient } from '../clever/client.ts';
import { CleverAuthError, CleverError, CleverNotFoundError, CleverRequestError } from '../clever/errors.ts';
import type { CleverUser } from '../clever/types.ts';
import { CleverCallError, type CleverGateway, type CleverIdentity } from '../ports/onboarding.ts';
import type { CredentialsSource } from './clever-credentials.ts';

const ROLE_PRECEDENCE = ['district_admin', 'staff', 'teacher', 'student', 'contact'] as const;

function toCallError(error: unknown): unknown {
  if (!(error instanceof CleverError)) return error;
  const { status } = error;
  if (error instanceof CleverAuthError) return new CleverCallError('unauthorized', status);
  if (error instanceof CleverNotFoundError) return new CleverCallError('not_found', status);
  if (error instanceof CleverRequestError) return new CleverCallError('invalid_grant', status);
  return new CleverCallError('unavailable', status);
}

async function mapped<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toCallError(error);
  }
}

async function* mappedIterable<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  try {
    yield* source;
  } catch (error) {
    throw toCallError(error);
  }
}

function primaryRole(user: CleverUser): string {
  return ROLE_PRECEDENCE.find((role) => user.roles[role] !== undefined) ?? 'user';
}

export function createCleverOnboardingGateway(options: {
  client: CleverClient;
  /** Known without the secret: building an authorize URL needs no Secrets Manager call. */
  clientId: string;
  credentials: CredentialsSource;
}): CleverGateway {
  const { client, clientId, credentials } = options;
  return {
    authorizeUrl: ({ redirectUri, state, districtId }) =>
      client.authorizeUrl({ clientId, redirectUri, state, districtId }),
    exchangeCode: (code, redirectUri) =>
      mapped(
        async () =>
          (await client.exchangeCode({ code, redirectUri, credentials: await credentials() })).accessToken,
      ),
    me: (userToken) =>
      mapped(async (): Promise<CleverIdentity> => {
        const { data } = await client.me(userToken);
        // v3 /me may say only "user"; the role then comes from the user's own record.
        const named =
          data.type && (ROLE_PRECEDENCE as readonly string[]).includes(data.type) ? data.type : undefined;
        const userType = named ?? primaryRole(await client.getUser({ token: userToken, id: data.id }));
        return { userId: data.id, districtId: data.district || undefined, userType };
      }),
    listDistrictTokens: (districtId) =>
      mapped(async () =>
        (await client.listDistrictTokens({ credentials: await credentials(), districtId }))
          .filter((token) => token.owner.type === 'district')
          .map((token) => ({ districtId: token.owner.id, accessToken: token.access_token })),
      ),
    getDistrict: (districtId, token) =>
      mapped(() => client.getDistrict({ token, id: districtId, districtId })),
    listSchools: (token) => mappedIterable(client.listSchools({ token })),
    listUsers: (token) => mappedIterable(client.listUsers({ token, pageSize: 500 })),
  };
}
