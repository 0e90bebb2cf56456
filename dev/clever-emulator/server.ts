// A faithful local Clever: the clever.com OAuth paths and the api.clever.com Data API v3.0 on one
// 127.0.0.1 origin, with Clever's envelopes, links, paging, rate-limit headers and status codes, plus
// fault knobs (latency, 5xx, 429 bursts, HTML errors, rotated or revoked tokens) that tests turn on to
// make it misbehave. Only node:http; state is in memory.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CleverDistrictToken, CleverEvent, CleverUser } from '../../lib/clever/types.ts';
import { escapeHtml } from '../../lib/html.ts';
import { mulberry32 } from '../../lib/random.ts';
import {
  type AnyRecord,
  type CleverDataset,
  type Collection,
  DistrictData,
  type EmulatorDistrict,
  PERSON_ROLES,
  type PersonRole,
  pageOf,
} from './district-data.ts';
import {
  errorHtml,
  htmlPage,
  type LinkedCollection,
  listEnvelope,
  objectEnvelope,
  sendHtml,
  sendJson,
} from './responses.ts';

export interface EmulatorClient {
  clientId: string;
  clientSecret: string;
  /** Exact strings; the first is where Clever sends logins that start on its side. */
  redirectUris: string[];
  name?: string;
}

/** The documented demo app registration (`rostermatch clever-emulator --help` prints it). */
export const DEFAULT_EMULATOR_CLIENT: EmulatorClient = {
  clientId: 'rostermatch-demo-client',
  clientSecret: 'rostermatch-demo-secret',
  redirectUris: [
    'http://127.0.0.1:3000/oauth/clever/login',
    'http://127.0.0.1:3000/oauth/clever/link',
    'http://localhost:3000/oauth/clever/login',
    'http://localhost:3000/oauth/clever/link',
  ],
  name: 'rostermatch (demo)',
};

export interface EmulatorFaults {
  /** Added to every answer except the admin endpoint. */
  latencyMs: number;
  /** Share (0–1) of requests answered 500, drawn from the seeded generator. */
  serverErrorRate: number;
  /** The next N requests are answered 503. */
  failNext: number;
  /** The next N Data API requests are answered 429. */
  rateLimitBurst: number;
  /** The next N requests wait `slowMs` before answering (for client timeouts). */
  slowNext: number;
  slowMs: number;
  /** Error bodies as an HTML page instead of JSON. */
  htmlErrors: boolean;
  /** Clever's fixed window is 1200 requests per minute per token. */
  rateLimitPerMinute: number;
}

export const DEFAULT_FAULTS: EmulatorFaults = {
  latencyMs: 0,
  serverErrorRate: 0,
  failNext: 0,
  rateLimitBurst: 0,
  slowNext: 0,
  slowMs: 0,
  htmlErrors: false,
  rateLimitPerMinute: 1200,
};

export interface CleverEmulatorServerOptions {
  port?: number;
  seed?: number | string;
  clients?: EmulatorClient[];
  districts: EmulatorDistrict[];
  faults?: Partial<EmulatorFaults>;
  /** `data.type` of `/me` for SSO tokens: docs say "user", one recorded login said the role name. */
  meDataType?: 'user' | 'role';
  codeLifetimeMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
}

export interface EmulatorAdmin {
  faults(): EmulatorFaults;
  setFaults(faults: Partial<EmulatorFaults>): EmulatorFaults;
  resetFaults(): void;
  /** Moves the emulator's clock (code expiry, rate-limit windows) forward. */
  advanceTime(ms: number): void;
  /** The district-app token the client currently holds for a district. */
  districtToken(districtId: string, clientId?: string): string | undefined;
  /** Replaces a district's token, as Clever does; the old one answers 401 from then on. */
  rotateToken(districtId: string, clientId?: string): string;
  /** Disconnects the district from the app: its token answers 401 and leaves `/oauth/tokens`. */
  revokeToken(districtId: string, clientId?: string): void;
  addDistrict(district: EmulatorDistrict, clientIds?: string[]): string;
  recordEvent(
    districtId: string,
    event: {
      type: string;
      object: { id: string; [field: string]: unknown };
      previous_attributes?: Record<string, unknown>;
    },
  ): CleverEvent;
  /** Method, path (no query) and status of recent requests, oldest first; for asserting retries. */
  requests(): RecordedRequest[];
  clearRequests(): void;
}

export interface CleverEmulatorServer {
  url: string;
  port: number;
  admin: EmulatorAdmin;
  districts(): { id: string; name: string }[];
  close(): Promise<void>;
}

interface IssuedToken {
  id: string;
  token: string;
  kind: 'district' | 'sso';
  clientId: string;
  districtId: string;
  userId?: string;
  created: string;
  scopes: string[];
}

interface AuthorizationCode {
  clientId: string;
  /** The redirect_uri given at authorize, which the exchange must repeat; undefined when none was given. */
  redirectUri?: string;
  userId: string;
  districtId: string;
  expiresAt: number;
  usedBy?: string;
}

const DISTRICT_SCOPES = [
  'read:district_admins_basic',
  'read:school_admins_basic',
  'read:students_basic',
  'read:teachers_basic',
  'read:user_id',
];
const SSO_SCOPES = ['read:user_id', 'read:sis'];
const TOKEN_CREATED = '2024-08-01T12:00:00.000Z';
const MAX_LIMIT = 10_000;
const DEFAULT_LIMIT = 100;
const ID_PATTERN = /^[0-9a-f]{24}$/;
const MAX_BODY_BYTES = 64 * 1024;
const RECORDED_REQUESTS = 2_000;
const CONSENT_USERS_PER_ROLE = 12;
const DATA_COLLECTIONS: readonly string[] = ['schools', 'users', 'sections', 'terms', 'courses'];

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Seeded so that a fault rate decides the same requests on every run. */
function seededRandom(seed: number | string): () => number {
  return mulberry32(Number.parseInt(sha256Hex(String(seed)).slice(0, 8), 16));
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function basicCredentials(req: IncomingMessage): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** The body as text, or undefined when it exceeds the cap. */
async function readText(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** `POST /oauth/tokens` accepts JSON or form-encoded bodies, as Clever does. */
async function readOauthBody(req: IncomingMessage): Promise<Record<string, string> | undefined> {
  const text = await readText(req);
  if (text === undefined) return undefined;
  if (!(req.headers['content-type'] ?? '').includes('json'))
    return Object.fromEntries(new URLSearchParams(text));
  const parsed = parseJsonObject(text);
  return parsed && Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
}

function displayName(user: CleverUser): string {
  const name = [user.name?.first, user.name?.last].filter(Boolean).join(' ');
  return name === '' ? user.id : name;
}

function primaryRole(user: CleverUser): PersonRole | undefined {
  return PERSON_ROLES.find((role) => user.roles[role]);
}

export async function startCleverEmulatorServer(
  options: CleverEmulatorServerOptions,
): Promise<CleverEmulatorServer> {
  const seed = options.seed ?? 1;
  const clients = options.clients ?? [DEFAULT_EMULATOR_CLIENT];
  const codeLifetimeMs = options.codeLifetimeMs ?? 60_000;
  const random = seededRandom(seed);
  let faults: EmulatorFaults = { ...DEFAULT_FAULTS, ...options.faults };
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;

  const districts = new Map<string, EmulatorDistrict>();
  const loaded = new Map<string, DistrictData>();
  const tokens = new Map<string, IssuedToken>();
  const districtTokens = new Map<string, string>();
  const tokenGenerations = new Map<string, number>();
  const codes = new Map<string, AuthorizationCode>();
  const rateWindows = new Map<string, { windowStart: number; count: number }>();
  let recorded: RecordedRequest[] = [];

  const districtList = () =>
    [...districts.values()].map(({ district }) => ({ id: district.id, name: district.name }));
  const clientById = (clientId: string) => clients.find((client) => client.clientId === clientId);
  const districtKey = (clientId: string, districtId: string) => `${clientId}\u0000${districtId}`;

  function dataOf(districtId: string): DistrictData {
    let data = loaded.get(districtId);
    if (!data) {
      const source = districts.get(districtId);
      if (!source) throw new Error(`unknown district ${districtId}`);
      data = new DistrictData('load' in source ? source.load() : (source as CleverDataset));
      loaded.set(districtId, data);
    }
    return data;
  }

  function issueDistrictToken(clientId: string, districtId: string): string {
    const key = districtKey(clientId, districtId);
    const generation = tokenGenerations.get(key) ?? 0;
    // Deterministic from the seed so demo scripts and docs can rely on them across restarts.
    const digest = sha256Hex(`district-token:${seed}:${clientId}:${districtId}:${generation}`);
    const token = digest.slice(0, 40);
    tokens.set(token, {
      id: digest.slice(40, 64),
      token,
      kind: 'district',
      clientId,
      districtId,
      created: TOKEN_CREATED,
      scopes: DISTRICT_SCOPES,
    });
    districtTokens.set(key, token);
    return token;
  }

  function addDistrict(
    district: EmulatorDistrict,
    clientIds = clients.map((client) => client.clientId),
  ): string {
    const id = district.district.id;
    districts.set(id, district);
    loaded.delete(id);
    for (const clientId of clientIds) issueDistrictToken(clientId, id);
    return id;
  }

  for (const district of options.districts) addDistrict(district);

  function dropToken(clientId: string, districtId: string): void {
    const key = districtKey(clientId, districtId);
    const token = districtTokens.get(key);
    if (token) tokens.delete(token);
    districtTokens.delete(key);
  }

  const admin: EmulatorAdmin = {
    faults: () => ({ ...faults }),
    setFaults(changes) {
      faults = { ...faults, ...changes };
      return { ...faults };
    },
    resetFaults() {
      faults = { ...DEFAULT_FAULTS, ...options.faults };
    },
    advanceTime(ms) {
      clockOffsetMs += ms;
    },
    districtToken: (districtId, clientId = clients[0].clientId) =>
      districtTokens.get(districtKey(clientId, districtId)),
    rotateToken(districtId, clientId = clients[0].clientId) {
      const key = districtKey(clientId, districtId);
      dropToken(clientId, districtId);
      tokenGenerations.set(key, (tokenGenerations.get(key) ?? 0) + 1);
      return issueDistrictToken(clientId, districtId);
    },
    revokeToken(districtId, clientId = clients[0].clientId) {
      dropToken(clientId, districtId);
    },
    addDistrict,
    recordEvent(districtId, event) {
      const data = dataOf(districtId);
      const last = data.events[data.events.length - 1]?.id ?? data.district.id;
      const id = (BigInt(`0x${last}`) + 1n).toString(16).padStart(24, '0');
      const created = new Date(Math.floor(now() / 1000) * 1000).toISOString();
      const recordedEvent: CleverEvent = {
        id,
        type: event.type,
        created,
        data: {
          object: event.object,
          ...(event.previous_attributes ? { previous_attributes: event.previous_attributes } : {}),
        },
      };
      data.events.push(recordedEvent);
      return recordedEvent;
    },
    requests: () => [...recorded],
    clearRequests() {
      recorded = [];
    },
  };

  // --- error answers -------------------------------------------------------------------------------

  function apiError(
    res: ServerResponse,
    status: number,
    message: string,
    headers: Record<string, string> = {},
  ) {
    if (faults.htmlErrors) sendHtml(res, status, errorHtml(message), headers);
    else sendJson(res, status, { message }, headers);
  }

  function oauthError(res: ServerResponse, status: number, error: string, description: string) {
    if (faults.htmlErrors) sendHtml(res, status, errorHtml(`${error}: ${description}`));
    else sendJson(res, status, { error, error_description: description });
  }

  function cannotGet(res: ServerResponse, method: string, path: string) {
    sendHtml(res, 404, errorHtml(`Cannot ${method} ${path}`));
  }

  // --- OAuth (clever.com) --------------------------------------------------------------------------

  function redirectTo(res: ServerResponse, target: string, params: Record<string, string | undefined>) {
    const url = new URL(target);
    for (const [key, value] of Object.entries(params))
      if (value !== undefined) url.searchParams.set(key, value);
    res.writeHead(302, { location: url.toString(), 'cache-control': 'no-store' });
    res.end();
  }

  function findUser(userId: string, districtId: string | null): CleverUser | undefined {
    const candidates = districtId ? [districtId] : [...districts.keys()];
    for (const id of candidates) {
      if (!districts.has(id)) continue;
      const user = dataOf(id).find('users', userId) as CleverUser | undefined;
      if (user) return user;
    }
    return undefined;
  }

  function consentPage(url: URL, client: EmulatorClient, districtId: string | null): string {
    const link = (extra: Record<string, string>) => {
      const target = new URL(url.pathname, 'http://emulator.invalid');
      for (const [key, value] of url.searchParams) target.searchParams.set(key, value);
      for (const [key, value] of Object.entries(extra)) target.searchParams.set(key, value);
      return escapeHtml(`${target.pathname}${target.search}`);
    };
    const appName = escapeHtml(client.name ?? client.clientId);
    if (!districtId) {
      const items = [...districts.values()]
        .map(
          ({ district }) =>
            `<li><a href="${link({ district_id: district.id })}">${escapeHtml(district.name)}</a></li>`,
        )
        .join('');
      return htmlPage(
        'Clever (emulator): choose your district',
        `<h1>Log in to ${appName}</h1><p>Choose your district:</p><ul>${items}</ul>`,
      );
    }
    const data = dataOf(districtId);
    const sections = (['district_admin', 'teacher', 'staff', 'student'] as const).map((role) => {
      const users = data.usersWithRole(role).slice(0, CONSENT_USERS_PER_ROLE);
      if (users.length === 0) return '';
      const items = users
        .map(
          (user) =>
            `<li><a href="${link({ login_as: user.id })}">${escapeHtml(displayName(user))}</a> <small>${user.id}</small></li>`,
        )
        .join('');
      return `<h2>${role.replace('_', ' ')}</h2><ul>${items}</ul>`;
    });
    return htmlPage(
      'Clever (emulator): log in',
      `<h1>${escapeHtml(data.district.name)}</h1><p>${appName} would like to know who you are. Log in as:</p>${sections.join('')}
<p><a href="${link({ decline: '1' })}">Decline</a></p>`,
    );
  }

  /** `/oauth/authorize` (state echoed) and `/oauth/instant-login` (a portal launch: no state, first URI). */
  function authorize(res: ServerResponse, url: URL, portalLaunch: boolean) {
    const query = url.searchParams;
    const client = clientById(query.get('client_id') ?? '');
    if (!client)
      return sendHtml(res, 400, errorHtml('Unknown client_id: this app is not registered with Clever.'));
    const requested = query.get('redirect_uri');
    if (requested !== null && !client.redirectUris.includes(requested))
      return sendHtml(
        res,
        400,
        errorHtml('redirect_uri does not match any redirect URI registered for this app.'),
      );
    const redirectUri = portalLaunch ? client.redirectUris[0] : (requested ?? client.redirectUris[0]);
    const state = portalLaunch ? undefined : (query.get('state') ?? undefined);
    if (!portalLaunch && query.get('response_type') !== 'code')
      return redirectTo(res, redirectUri, { error: 'unsupported_response_type', state });
    if (query.get('decline') === '1' || query.get('error') === 'access_denied')
      return redirectTo(res, redirectUri, {
        error: 'access_denied',
        error_description: 'The user declined.',
        state,
      });
    const districtId = query.get('district_id');
    if (districtId !== null && !districts.has(districtId))
      return sendHtml(res, 404, errorHtml('Unknown district_id.'));
    const loginAs = query.get('login_as');
    if (loginAs === null) {
      const only = districts.size === 1 ? [...districts.keys()][0] : null;
      return sendHtml(res, 200, consentPage(url, client, districtId ?? only));
    }
    const user = findUser(loginAs, districtId);
    if (!user) return sendHtml(res, 404, errorHtml('Unknown user for login_as.'));
    const code = randomBytes(16).toString('hex');
    codes.set(code, {
      clientId: client.clientId,
      redirectUri: portalLaunch ? undefined : (requested ?? undefined),
      userId: user.id,
      districtId: user.district,
      expiresAt: now() + codeLifetimeMs,
    });
    redirectTo(res, redirectUri, { code, state });
  }

  function authenticatedClient(req: IncomingMessage, res: ServerResponse): EmulatorClient | undefined {
    const credentials = basicCredentials(req);
    const client = credentials && clientById(credentials.clientId);
    if (!credentials || !client || !sameSecret(credentials.clientSecret, client.clientSecret)) {
      oauthError(res, 401, 'invalid_client', 'Client authentication failed.');
      return undefined;
    }
    return client;
  }

  async function exchangeCode(req: IncomingMessage, res: ServerResponse) {
    const client = authenticatedClient(req, res);
    if (!client) return;
    const body = await readOauthBody(req);
    if (!body)
      return oauthError(res, 400, 'invalid_request', 'The request body is not valid JSON or form data.');
    if (body.grant_type !== 'authorization_code')
      return oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be authorization_code.');
    const grant = body.code ? codes.get(body.code) : undefined;
    const invalidCode = () => oauthError(res, 400, 'invalid_grant', 'Invalid grant: invalid code');
    if (!grant || grant.clientId !== client.clientId) return invalidCode();
    if (grant.usedBy !== undefined) {
      // RFC 6749 §4.1.2: a replayed code revokes what it issued.
      tokens.delete(grant.usedBy);
      return invalidCode();
    }
    if (now() > grant.expiresAt) {
      codes.delete(body.code);
      return invalidCode();
    }
    if (grant.redirectUri !== undefined && body.redirect_uri !== grant.redirectUri)
      return oauthError(
        res,
        400,
        'invalid_grant',
        'Invalid grant: redirect_uri does not match the authorization request',
      );
    const token = randomBytes(20).toString('hex');
    grant.usedBy = token;
    tokens.set(token, {
      id: randomBytes(12).toString('hex'),
      token,
      kind: 'sso',
      clientId: client.clientId,
      districtId: grant.districtId,
      userId: grant.userId,
      created: new Date(now()).toISOString(),
      scopes: SSO_SCOPES,
    });
    sendJson(res, 200, { access_token: token, token_type: 'bearer' });
  }

  function listTokens(req: IncomingMessage, res: ServerResponse, url: URL) {
    const client = authenticatedClient(req, res);
    if (!client) return;
    if (url.searchParams.get('owner_type') !== 'district')
      return oauthError(res, 400, 'invalid_request', 'owner_type must be district.');
    const only = url.searchParams.get('district');
    const data: CleverDistrictToken[] = [];
    for (const token of tokens.values()) {
      if (token.kind !== 'district' || token.clientId !== client.clientId) continue;
      if (only !== null && token.districtId !== only) continue;
      data.push({
        id: token.id,
        created: token.created,
        owner: { type: 'district', id: token.districtId },
        access_token: token.token,
        scopes: token.scopes,
      });
    }
    sendJson(res, 200, { data, links: [{ rel: 'self', uri: `${url.pathname}${url.search}` }] });
  }

  function tokenInfo(req: IncomingMessage, res: ServerResponse) {
    const issued = tokens.get(bearerToken(req) ?? '');
    if (!issued)
      return oauthError(res, 401, 'invalid_token', 'The access token is invalid or has been revoked.');
    sendJson(res, 200, { client_id: issued.clientId, scopes: issued.scopes });
  }

  // --- Data API (api.clever.com) -------------------------------------------------------------------

  /** Fixed one-minute window per token, as Clever counts; sets the X-Ratelimit-* headers. */
  function rateLimit(token: string): { allowed: boolean; headers: Record<string, string> } {
    const windowStart = Math.floor(now() / 60_000) * 60_000;
    let window = rateWindows.get(token);
    if (!window || window.windowStart !== windowStart) {
      window = { windowStart, count: 0 };
      rateWindows.set(token, window);
    }
    window.count++;
    let allowed = window.count <= faults.rateLimitPerMinute;
    let reset = (windowStart + 60_000) / 1000;
    if (faults.rateLimitBurst > 0) {
      faults.rateLimitBurst--;
      allowed = false;
      reset = Math.ceil(now() / 1000);
    }
    return {
      allowed,
      headers: {
        'x-ratelimit-bucket': 'bearer',
        'x-ratelimit-limit': String(faults.rateLimitPerMinute),
        'x-ratelimit-remaining': String(Math.max(0, faults.rateLimitPerMinute - window.count)),
        'x-ratelimit-reset': String(reset),
      },
    };
  }

  function parsePaging(res: ServerResponse, query: URLSearchParams, headers: Record<string, string>) {
    const limitText = query.get('limit');
    let limit = DEFAULT_LIMIT;
    if (limitText !== null) {
      if (!/^\d+$/.test(limitText) || Number(limitText) < 1) {
        apiError(res, 400, 'limit must be a positive integer', headers);
        return undefined;
      }
      limit = Number(limitText);
      if (limit > MAX_LIMIT) {
        apiError(res, 413, `limit must be less than or equal to ${MAX_LIMIT}`, headers);
        return undefined;
      }
    }
    const startingAfter = query.get('starting_after') ?? undefined;
    const endingBefore = query.get('ending_before') ?? undefined;
    for (const [name, value] of [
      ['starting_after', startingAfter],
      ['ending_before', endingBefore],
    ] as const) {
      if (value !== undefined && !ID_PATTERN.test(value)) {
        apiError(res, 400, `${name} must be a Clever id (24 hexadecimal characters)`, headers);
        return undefined;
      }
    }
    if (startingAfter !== undefined && endingBefore !== undefined) {
      apiError(res, 400, 'use either starting_after or ending_before, not both', headers);
      return undefined;
    }
    return { limit, startingAfter, endingBefore };
  }

  function sendList(
    res: ServerResponse,
    url: URL,
    headers: Record<string, string>,
    itemCollection: LinkedCollection,
    records: readonly AnyRecord[],
  ) {
    if (url.searchParams.get('count') === 'true')
      return sendJson(
        res,
        200,
        { count: records.length, links: [{ rel: 'self', uri: `${url.pathname}${url.search}` }] },
        headers,
      );
    const paging = parsePaging(res, url.searchParams, headers);
    if (!paging) return;
    sendJson(
      res,
      200,
      listEnvelope(itemCollection, pageOf(records, paging), url.pathname, url.searchParams),
      headers,
    );
  }

  function me(res: ServerResponse, issued: IssuedToken, headers: Record<string, string>) {
    if (issued.kind === 'district') {
      return sendJson(
        res,
        200,
        {
          type: 'district',
          data: { id: issued.districtId, type: 'district' },
          links: [
            { rel: 'self', uri: '/me' },
            { rel: 'canonical', uri: `/v3.0/districts/${issued.districtId}` },
          ],
        },
        headers,
      );
    }
    const user = dataOf(issued.districtId).find('users', issued.userId!) as CleverUser;
    sendJson(
      res,
      200,
      {
        type: 'user',
        data: {
          id: issued.userId,
          district: issued.districtId,
          type: options.meDataType === 'role' ? (primaryRole(user) ?? 'user') : 'user',
          authorized_by: 'district',
        },
        links: [
          { rel: 'self', uri: '/me' },
          { rel: 'canonical', uri: `/v3.0/users/${issued.userId}` },
          { rel: 'district', uri: `/v3.0/districts/${issued.districtId}` },
        ],
      },
      headers,
    );
  }

  function userInfo(res: ServerResponse, issued: IssuedToken, headers: Record<string, string>) {
    const user = dataOf(issued.districtId).find('users', issued.userId!) as CleverUser;
    const role = primaryRole(user);
    sendJson(
      res,
      200,
      {
        sub: user.id,
        user_id: user.id,
        multi_role_user_id: user.id,
        user_type: role === 'district_admin' ? 'district admin' : role,
        district_id: user.district,
        district: user.district,
        email: user.email ?? '',
        email_verified: false,
        name: user.name ?? {},
        given_name: user.name?.first ?? '',
        family_name: user.name?.last ?? '',
        authorized_by: 'district',
      },
      headers,
    );
  }

  function dataApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname;
    const issued = tokens.get(bearerToken(req) ?? '');
    if (!issued) return apiError(res, 401, 'Unauthorized');
    const limit = rateLimit(issued.token);
    const headers = limit.headers;
    if (!limit.allowed) return apiError(res, 429, 'Too Many Requests', headers);
    if (path === '/me' || path === '/v3.0/me') return me(res, issued, headers);
    if (path === '/userinfo') {
      if (issued.kind !== 'sso') return apiError(res, 401, 'userinfo needs a user (SSO) token', headers);
      return userInfo(res, issued, headers);
    }
    const [, version, collection, id, relation, ...rest] = path.split('/');
    if (version !== 'v3.0' || rest.length > 0 || id === '' || relation === '')
      return cannotGet(res, req.method!, path);
    const data = dataOf(issued.districtId);

    if (issued.kind === 'sso') {
      // An SSO token reads only its own user and district; Clever's edge answers anything else as a 404 page.
      const own =
        relation === undefined &&
        ((collection === 'users' && id === issued.userId) ||
          (collection === 'districts' && id === issued.districtId));
      if (!own) return cannotGet(res, req.method!, path);
    }

    if (collection === 'districts') {
      if (id === undefined) return sendList(res, url, headers, 'districts', [data.district]);
      if (relation !== undefined) return cannotGet(res, req.method!, path);
      if (id !== data.district.id) return apiError(res, 404, 'Resource not found', headers);
      return sendJson(res, 200, objectEnvelope('districts', data.district), headers);
    }
    if (collection === 'events') {
      if (id === undefined) {
        const types = url.searchParams.getAll('record_type');
        const school = url.searchParams.get('school');
        const events = data.events.filter((event) => {
          if (types.length > 0 && !types.includes(event.type.split('.')[0])) return false;
          if (school === null) return true;
          const object = event.data.object as { school?: unknown; schools?: unknown };
          return (
            object.school === school || (Array.isArray(object.schools) && object.schools.includes(school))
          );
        });
        return sendList(res, url, headers, 'events', events);
      }
      const event = relation === undefined ? data.events.find((one) => one.id === id) : undefined;
      if (!event) return apiError(res, 404, 'Resource not found', headers);
      return sendJson(res, 200, objectEnvelope('events', event), headers);
    }
    if (collection === 'resources') {
      if (id === undefined) return sendList(res, url, headers, 'resources', []);
      return apiError(res, 404, 'Resource not found', headers);
    }
    if (!DATA_COLLECTIONS.includes(collection)) return cannotGet(res, req.method!, path);
    const kind = collection as Collection;

    if (id === undefined) {
      if (kind !== 'users') return sendList(res, url, headers, kind, data.list(kind));
      const role = url.searchParams.get('role');
      if (role === null) return sendList(res, url, headers, 'users', data.users);
      if (!(PERSON_ROLES as readonly string[]).includes(role))
        return apiError(res, 400, `role must be one of ${PERSON_ROLES.join(', ')}`, headers);
      return sendList(res, url, headers, 'users', data.usersWithRole(role as PersonRole));
    }
    const record = data.find(kind, id);
    if (!record) return apiError(res, 404, 'Resource not found', headers);
    if (relation === undefined) return sendJson(res, 200, objectEnvelope(kind, record), headers);

    const relationName = relation.toLowerCase();
    const single = data.relatedObject(kind, record, relationName);
    if (single === 'district') return sendJson(res, 200, objectEnvelope('districts', data.district), headers);
    if (single === null) return apiError(res, 404, 'Resource not found', headers);
    if (single) return sendJson(res, 200, objectEnvelope(single.collection, single.record), headers);
    const list = data.relatedList(kind, record, relationName, url.searchParams);
    if (!list) return cannotGet(res, req.method!, path);
    const itemCollection: LinkedCollection =
      relationName === 'resources'
        ? 'resources'
        : relationName.startsWith('my')
          ? 'users'
          : (relationName as Collection);
    sendList(res, url, headers, itemCollection, list);
  }

  // --- admin (tests and the local stack) -----------------------------------------------------------

  async function adminApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    const parts = url.pathname.split('/').slice(2);
    const text = req.method === 'POST' ? await readText(req) : undefined;
    const body = text ? parseJsonObject(text) : undefined;
    if (req.method === 'GET' && parts.length === 1 && parts[0] === '') {
      return sendJson(res, 200, {
        districts: districtList(),
        clients: clients.map((client) => client.clientId),
        faults,
      });
    }
    if (req.method === 'POST' && parts[0] === 'faults')
      return sendJson(res, 200, admin.setFaults(body ?? {}));
    if (req.method === 'POST' && parts[0] === 'reset-faults') {
      admin.resetFaults();
      return sendJson(res, 200, admin.faults());
    }
    if (req.method === 'POST' && parts[0] === 'advance-time') {
      admin.advanceTime(Number(body?.ms ?? 0));
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === 'POST' && parts[0] === 'districts' && parts[1] && districts.has(parts[1])) {
      const clientId = typeof body?.clientId === 'string' ? body.clientId : undefined;
      if (parts[2] === 'rotate-token') {
        admin.rotateToken(parts[1], clientId);
        return sendJson(res, 200, { rotated: true });
      }
      if (parts[2] === 'revoke-token') {
        admin.revokeToken(parts[1], clientId);
        return sendJson(res, 200, { revoked: true });
      }
      if (parts[2] === 'events' && body && typeof body.type === 'string' && typeof body.object === 'object') {
        const event = admin.recordEvent(parts[1], body as Parameters<EmulatorAdmin['recordEvent']>[1]);
        return sendJson(res, 200, { id: event.id });
      }
    }
    sendJson(res, 404, { message: 'unknown admin route' });
  }

  // --- dispatch ------------------------------------------------------------------------------------

  async function injectFaults(res: ServerResponse, apiRoute: boolean): Promise<boolean> {
    let delay = faults.latencyMs;
    if (faults.slowNext > 0) {
      faults.slowNext--;
      delay += faults.slowMs;
    }
    if (delay > 0) await sleep(delay, undefined, { ref: false });
    let failure: number | undefined;
    if (faults.failNext > 0) {
      faults.failNext--;
      failure = 503;
    } else if (faults.serverErrorRate > 0 && random() < faults.serverErrorRate) failure = 500;
    if (failure === undefined) return false;
    const message = failure === 503 ? 'Service Unavailable' : 'Internal Server Error';
    if (apiRoute) apiError(res, failure, message);
    else oauthError(res, failure, 'server_error', message);
    return true;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path.startsWith('/__emulator/')) return adminApi(req, res, url);
    if (method === 'GET' && (path === '/oauth/authorize' || path === '/oauth/instant-login'))
      return authorize(res, url, path === '/oauth/instant-login');
    const apiRoute = path === '/me' || path === '/userinfo' || path.startsWith('/v3.0/');
    const oauthRoute = path === '/oauth/tokens' || path === '/oauth/tokeninfo';
    if (!apiRoute && !oauthRoute) {
      if (method === 'GET' && path === '/')
        return sendHtml(
          res,
          200,
          htmlPage(
            'Clever emulator',
            '<h1>Clever emulator</h1><p>OAuth at /oauth/*, Data API at /v3.0/*.</p>',
          ),
        );
      return cannotGet(res, method, path);
    }
    if (await injectFaults(res, apiRoute)) return;
    if (path === '/oauth/tokens' && method === 'POST') return exchangeCode(req, res);
    if (path === '/oauth/tokens' && method === 'GET') return listTokens(req, res, url);
    if (path === '/oauth/tokeninfo' && method === 'GET') return tokenInfo(req, res);
    if (apiRoute && method === 'GET') return dataApi(req, res, url);
    cannotGet(res, method, path);
  }

  const server = createServer((req, res) => {
    res.setHeader('x-request-id', randomBytes(8).toString('hex'));
    res.on('finish', () => {
      recorded.push({
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0],
        status: res.statusCode,
      });
      if (recorded.length > RECORDED_REQUESTS) recorded = recorded.slice(-RECORDED_REQUESTS / 2);
    });
    route(req, res).catch((error: unknown) => {
      // A bug in the emulator must look like a Clever 500, never like a hung connection.
      if (!res.headersSent) sendJson(res, 500, { message: 'emulator error' });
      else res.destroy();
      process.emitWarning(`clever emulator: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    admin,
    districts: districtList,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
