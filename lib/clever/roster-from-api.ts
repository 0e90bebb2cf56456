// Where the `match` command's `--clever-api` reads its Clever side: users of one role, schools or
// sections, streamed page by page. Either a token is given, or a district id plus the app's client
// credentials, in which case the district's current token is looked up (and refreshed once on a 401).

import { InputError } from '../errors.ts';
import type { PersonType } from '../match/types.ts';
import {
  CLEVER_API_BASE,
  CLEVER_OAUTH_BASE,
  type CleverClient,
  type CleverClientOptions,
  createCleverClient,
  type DataCall,
} from './client.ts';
import { DistrictTokenSource } from './district-tokens.ts';
import type { CleverCourse, CleverSchool, CleverSection, CleverTerm, CleverUser } from './types.ts';

export interface ApiSourceOptions {
  /** `https://api.clever.com` or an emulator's URL (which serves the OAuth paths too). */
  apiUrl: string;
  /** Defaults to `https://clever.com` for the real API, else to `apiUrl`. */
  oauthUrl?: string;
  token?: string;
  districtId?: string;
  clientId?: string;
  clientSecret?: string;
  pageSize?: number;
  client?: Omit<CleverClientOptions, 'apiBase' | 'oauthBase' | 'onTokenRefresh' | 'pageSize'>;
}

function defaultOauthUrl(apiUrl: string): string {
  return new URL(apiUrl).origin === CLEVER_API_BASE ? CLEVER_OAUTH_BASE : apiUrl;
}

function optionProblem(column: string, message: string) {
  return { file: 'command line', column, code: 'CLEVER_API_OPTIONS', message };
}

/** Checks the options and yields a client plus how to make each call. */
async function connect(options: ApiSourceOptions): Promise<{ client: CleverClient; call: DataCall }> {
  for (const [column, url] of [
    ['--clever-api', options.apiUrl],
    ['--clever-oauth', options.oauthUrl],
  ] as const) {
    if (url !== undefined && !/^https?:\/\//i.test(url))
      throw new InputError([optionProblem(column, `${column} must be an http(s) URL, not "${url}"`)]);
  }
  if (options.token) {
    const client = createCleverClient({
      ...options.client,
      apiBase: options.apiUrl,
      pageSize: options.pageSize,
    });
    return { client, call: { token: options.token } };
  }
  const { districtId, clientId, clientSecret } = options;
  if (!districtId || !clientId || !clientSecret) {
    throw new InputError([
      optionProblem(
        '--token',
        'reading from a Clever API needs --token, or --district with the app client id and secret',
      ),
    ]);
  }
  // One client serves both the token lookup and the lists; the refresh hook only runs after `tokens` exists.
  const client = createCleverClient({
    ...options.client,
    apiBase: options.apiUrl,
    oauthBase: options.oauthUrl ?? defaultOauthUrl(options.apiUrl),
    pageSize: options.pageSize,
    onTokenRefresh: ({ districtId: id }) => (id ? tokens.refresh(id) : Promise.resolve(undefined)),
  });
  const tokens = new DistrictTokenSource({ client, credentials: { clientId, clientSecret } });
  return { client, call: { token: await tokens.getToken(districtId), districtId } };
}

export async function* readRosterFromApi(
  options: ApiSourceOptions & { type: PersonType },
): AsyncIterable<CleverUser> {
  const { client, call } = await connect(options);
  yield* client.listUsers({ ...call, role: options.type });
}

export async function* readSchoolsFromApi(options: ApiSourceOptions): AsyncIterable<CleverSchool> {
  const { client, call } = await connect(options);
  yield* client.listSchools(call);
}

export async function* readSectionsFromApi(options: ApiSourceOptions): AsyncIterable<CleverSection> {
  const { client, call } = await connect(options);
  yield* client.listSections(call);
}

export async function* readCoursesFromApi(options: ApiSourceOptions): AsyncIterable<CleverCourse> {
  const { client, call } = await connect(options);
  yield* client.listCourses(call);
}

export async function* readTermsFromApi(options: ApiSourceOptions): AsyncIterable<CleverTerm> {
  const { client, call } = await connect(options);
  yield* client.listTerms(call);
}
