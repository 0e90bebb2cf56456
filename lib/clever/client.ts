// The Clever API client: OAuth (authorize URL, code exchange, district tokens, tokeninfo), identity
// (/me) and the Data API v3.0. Lists are async iterables that follow `links.next` one page at a time,
// so a district of a million users streams through with only one page in memory. Pure: no AWS, and
// `fetch` is injectable.

import { CleverAuthError, CleverResponseError } from './errors.ts';
import { type CleverAuth, createTransport, DEFAULT_RETRY_POLICY, type FetchFunction } from './transport.ts';
import type {
  CleverCourse,
  CleverDistrict,
  CleverDistrictToken,
  CleverEvent,
  CleverLink,
  CleverMe,
  CleverSchool,
  CleverSection,
  CleverTerm,
  CleverUser,
} from './types.ts';

export const CLEVER_API_BASE = 'https://api.clever.com';
export const CLEVER_OAUTH_BASE = 'https://clever.com';
export const MAX_PAGE_SIZE = 10_000;
const DEFAULT_PAGE_SIZE = 1_000;

export type CleverRole = 'student' | 'teacher' | 'staff' | 'district_admin' | 'contact';
export type CleverCollection =
  | 'districts'
  | 'schools'
  | 'users'
  | 'sections'
  | 'terms'
  | 'courses'
  | 'resources';

export interface AppCredentials {
  clientId: string;
  clientSecret: string;
}

/** Asked once per call (a list counts as one call) after a 401; returns the district's current token. */
export type TokenRefresh = (context: { token: string; districtId?: string }) => Promise<string | undefined>;

export interface CleverClientOptions {
  apiBase?: string;
  oauthBase?: string;
  fetch?: FetchFunction;
  timeoutMs?: number;
  retries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  maxRateLimitWaitMs?: number;
  /** Records per page for lists (Clever allows up to 10000). */
  pageSize?: number;
  onTokenRefresh?: TokenRefresh;
}

export interface DataCall {
  token: string;
  /** Lets `onTokenRefresh` look up the district's rotated token after a 401. */
  districtId?: string;
  pageSize?: number;
}

export interface TokenExchange {
  accessToken: string;
  tokenType: string;
  idToken?: string;
}

export interface AuthorizeUrlParams {
  clientId: string;
  redirectUri: string;
  state?: string;
  districtId?: string;
}

export interface CleverClient {
  authorizeUrl(params: AuthorizeUrlParams): string;
  exchangeCode(params: {
    code: string;
    redirectUri: string;
    credentials: AppCredentials;
  }): Promise<TokenExchange>;
  listDistrictTokens(params: {
    credentials: AppCredentials;
    districtId?: string;
  }): Promise<CleverDistrictToken[]>;
  tokenInfo(token: string): Promise<{ clientId: string; scopes: string[] }>;
  me(token: string): Promise<CleverMe>;
  /** The token's own district, or the one named. */
  getDistrict(call: DataCall & { id?: string }): Promise<CleverDistrict>;
  getUser(call: DataCall & { id: string }): Promise<CleverUser>;
  getSchool(call: DataCall & { id: string }): Promise<CleverSchool>;
  getSection(call: DataCall & { id: string }): Promise<CleverSection>;
  getTerm(call: DataCall & { id: string }): Promise<CleverTerm>;
  getCourse(call: DataCall & { id: string }): Promise<CleverCourse>;
  listDistricts(call: DataCall): AsyncIterable<CleverDistrict>;
  listSchools(call: DataCall): AsyncIterable<CleverSchool>;
  listUsers(call: DataCall & { role?: CleverRole }): AsyncIterable<CleverUser>;
  listSections(call: DataCall): AsyncIterable<CleverSection>;
  listTerms(call: DataCall): AsyncIterable<CleverTerm>;
  listCourses(call: DataCall): AsyncIterable<CleverCourse>;
  /** Events oldest first; pass the last processed event id to resume. */
  listEvents(
    call: DataCall & { startingAfter?: string; recordTypes?: string[]; school?: string },
  ): AsyncIterable<CleverEvent>;
  /** A sub-resource list, e.g. `{collection:'schools', id, relation:'users', query:{role:'teacher'}}`. */
  listRelated<T>(
    call: DataCall & {
      collection: CleverCollection;
      id: string;
      relation: string;
      query?: Record<string, string>;
    },
  ): AsyncIterable<T>;
  /** A single-object sub-resource, e.g. `{collection:'sections', id, relation:'course'}`. */
  getRelated<T>(call: DataCall & { collection: CleverCollection; id: string; relation: string }): Promise<T>;
}

/** Accepts the origin with or without a trailing slash or `/v3.0`, as users paste it. */
function normaliseBase(base: string): string {
  const trimmed = base.replace(/\/+$/, '').replace(/\/v3\.0$/, '');
  new URL(trimmed); // throws TypeError with the offending URL for a malformed base
  return trimmed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withQuery(url: URL, query: Record<string, string | string[] | number | undefined>): URL {
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(one));
  }
  return url;
}

export function buildAuthorizeUrl(oauthBase: string, params: AuthorizeUrlParams): string {
  const url = new URL(`${normaliseBase(oauthBase)}/oauth/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', params.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  if (params.state !== undefined) url.searchParams.set('state', params.state);
  if (params.districtId !== undefined) url.searchParams.set('district_id', params.districtId);
  return url.toString();
}

export function createCleverClient(options: CleverClientOptions = {}): CleverClient {
  const apiBase = normaliseBase(options.apiBase ?? CLEVER_API_BASE);
  const oauthBase = normaliseBase(options.oauthBase ?? CLEVER_OAUTH_BASE);
  const defaultPageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const checkPageSize = (size: number) => {
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
      throw new RangeError(`Clever page size must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${size}`);
    return size;
  };
  checkPageSize(defaultPageSize);
  const transport = createTransport({
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    policy: {
      retries: options.retries ?? DEFAULT_RETRY_POLICY.retries,
      timeoutMs: options.timeoutMs ?? DEFAULT_RETRY_POLICY.timeoutMs,
      backoffBaseMs: options.backoffBaseMs ?? DEFAULT_RETRY_POLICY.backoffBaseMs,
      backoffMaxMs: options.backoffMaxMs ?? DEFAULT_RETRY_POLICY.backoffMaxMs,
      maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? DEFAULT_RETRY_POLICY.maxRateLimitWaitMs,
    },
  });

  const badShape = (url: URL, what: string) =>
    new CleverResponseError({ method: 'GET', path: `${url.pathname}${url.search}`, detail: what });

  /** Holds the call's current token so that a refresh (at most one) carries over to later pages. */
  function tokenSession(call: DataCall) {
    let token = call.token;
    let refreshed = false;
    return async function get(url: URL): Promise<unknown> {
      for (;;) {
        try {
          return (await transport.send({ method: 'GET', url, auth: { bearer: token }, idempotent: true }))
            .body;
        } catch (error) {
          const canRefresh = error instanceof CleverAuthError && error.status === 401 && !refreshed;
          if (!canRefresh || !options.onTokenRefresh) throw error;
          refreshed = true;
          const fresh = await options.onTokenRefresh({ token, districtId: call.districtId });
          if (!fresh || fresh === token) throw error;
          token = fresh;
        }
      }
    };
  }

  function apiUrl(path: string): URL {
    return new URL(`${apiBase}${path}`);
  }

  /** Follows `rel=next` only within the origin of `base`, so a token or client secret is never sent elsewhere. */
  function nextUrl(links: CleverLink[], current: URL, base = apiBase): URL | undefined {
    const next = links.find((link) => link.rel === 'next');
    if (!next) return undefined;
    const url = /^https?:/i.test(next.uri) ? new URL(next.uri) : new URL(`${base}${next.uri}`);
    const origin = new URL(base).origin;
    if (url.origin !== origin) throw badShape(current, `next link leaves ${origin} (${url.origin})`);
    if (url.href === current.href) throw badShape(current, 'next link points at the same page');
    return url;
  }

  async function* paginate<T>(
    call: DataCall,
    path: string,
    query: Record<string, string | string[] | undefined> = {},
  ) {
    const get = tokenSession(call);
    const limit = checkPageSize(call.pageSize ?? defaultPageSize);
    let url: URL | undefined = withQuery(apiUrl(path), { ...query, limit });
    while (url) {
      const body = await get(url);
      if (!isRecord(body) || !Array.isArray(body.data) || !Array.isArray(body.links))
        throw badShape(url, 'a list response without `data` and `links` arrays');
      for (const item of body.data as unknown[]) {
        if (!isRecord(item) || !isRecord(item.data) || typeof item.data.id !== 'string')
          throw badShape(url, 'a list item without `data.id`');
        yield item.data as T;
      }
      url = nextUrl(body.links as CleverLink[], url);
    }
  }

  async function getOne<T>(call: DataCall, path: string): Promise<T> {
    const url = apiUrl(path);
    const body = await tokenSession(call)(url);
    if (!isRecord(body) || !isRecord(body.data) || typeof body.data.id !== 'string')
      throw badShape(url, 'an object response without `data.id`');
    return body.data as T;
  }

  const segment = (id: string) => encodeURIComponent(id);

  return {
    authorizeUrl: (params) => buildAuthorizeUrl(oauthBase, params),

    async exchangeCode({ code, redirectUri, credentials }) {
      const url = new URL(`${oauthBase}/oauth/tokens`);
      const { body } = await transport.send({
        method: 'POST',
        url,
        auth: { basic: credentials },
        body: { code, grant_type: 'authorization_code', redirect_uri: redirectUri },
        idempotent: false,
        secrets: [code],
      });
      if (!isRecord(body) || typeof body.access_token !== 'string')
        throw new CleverResponseError({
          method: 'POST',
          path: url.pathname,
          detail: 'no access_token in the answer',
        });
      return {
        accessToken: body.access_token,
        tokenType: typeof body.token_type === 'string' ? body.token_type : 'bearer',
        idToken: typeof body.id_token === 'string' ? body.id_token : undefined,
      };
    },

    async listDistrictTokens({ credentials, districtId }) {
      const auth: CleverAuth = { basic: credentials };
      const tokens: CleverDistrictToken[] = [];
      let url: URL | undefined = withQuery(new URL(`${oauthBase}/oauth/tokens`), {
        owner_type: 'district',
        district: districtId,
      });
      // Paging of this list is undocumented; follow `next` in case an app has many districts.
      while (url) {
        const { body } = await transport.send({ method: 'GET', url, auth, idempotent: true });
        if (!isRecord(body) || !Array.isArray(body.data)) throw badShape(url, 'a token list without `data`');
        for (const entry of body.data as unknown[]) {
          if (!isRecord(entry) || typeof entry.access_token !== 'string' || !isRecord(entry.owner))
            throw badShape(url, 'a token entry without `access_token` and `owner`');
          tokens.push(entry as unknown as CleverDistrictToken);
        }
        url = nextUrl(Array.isArray(body.links) ? (body.links as CleverLink[]) : [], url, oauthBase);
      }
      return tokens;
    },

    async tokenInfo(token) {
      const url = new URL(`${oauthBase}/oauth/tokeninfo`);
      const { body } = await transport.send({
        method: 'GET',
        url,
        auth: { bearer: token },
        idempotent: true,
      });
      if (!isRecord(body) || typeof body.client_id !== 'string')
        throw badShape(url, 'no client_id in tokeninfo');
      const scopes = Array.isArray(body.scopes)
        ? body.scopes.filter((s): s is string => typeof s === 'string')
        : [];
      return { clientId: body.client_id, scopes };
    },

    async me(token) {
      const url = apiUrl('/v3.0/me');
      // A user (SSO) token: no district token refresh applies.
      const { body } = await transport.send({
        method: 'GET',
        url,
        auth: { bearer: token },
        idempotent: true,
      });
      if (!isRecord(body) || !isRecord(body.data) || typeof body.data.id !== 'string')
        throw badShape(url, 'a /me response without `data.id`');
      return body as unknown as CleverMe;
    },

    async getDistrict(call) {
      if (call.id) return getOne<CleverDistrict>(call, `/v3.0/districts/${segment(call.id)}`);
      for await (const district of paginate<CleverDistrict>(call, '/v3.0/districts')) return district;
      throw badShape(apiUrl('/v3.0/districts'), 'the token sees no district');
    },
    getUser: (call) => getOne(call, `/v3.0/users/${segment(call.id)}`),
    getSchool: (call) => getOne(call, `/v3.0/schools/${segment(call.id)}`),
    getSection: (call) => getOne(call, `/v3.0/sections/${segment(call.id)}`),
    getTerm: (call) => getOne(call, `/v3.0/terms/${segment(call.id)}`),
    getCourse: (call) => getOne(call, `/v3.0/courses/${segment(call.id)}`),
    listDistricts: (call) => paginate(call, '/v3.0/districts'),
    listSchools: (call) => paginate(call, '/v3.0/schools'),
    listUsers: (call) => paginate(call, '/v3.0/users', { role: call.role }),
    listSections: (call) => paginate(call, '/v3.0/sections'),
    listTerms: (call) => paginate(call, '/v3.0/terms'),
    listCourses: (call) => paginate(call, '/v3.0/courses'),
    listEvents: (call) =>
      paginate(call, '/v3.0/events', {
        starting_after: call.startingAfter,
        record_type: call.recordTypes,
        school: call.school,
      }),
    listRelated: (call) =>
      paginate(call, `/v3.0/${call.collection}/${segment(call.id)}/${segment(call.relation)}`, call.query),
    getRelated: (call) =>
      getOne(call, `/v3.0/${call.collection}/${segment(call.id)}/${segment(call.relation)}`),
  };
}
