// Retry, rate-limit, timeout and token-refresh behaviour of the client, each shown by making the
// emulator misbehave on purpose.
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CleverEmulator, startCleverEmulator } from '../../../dev/clever-emulator/start.ts';
import { createCleverClient } from '../../../lib/clever/client.ts';
import { DistrictTokenSource } from '../../../lib/clever/district-tokens.ts';
import {
  CleverAuthError,
  CleverNetworkError,
  CleverNotFoundError,
  CleverRateLimitError,
  CleverServerError,
  CleverTimeoutError,
} from '../../../lib/clever/errors.ts';
import { EXAMPLE_DISTRICT, exampleDataset } from './fixtures.ts';

const DISTRICT_ID = EXAMPLE_DISTRICT.data.id;
const STUDENTS = 1 + 120;
const FAST_BACKOFF = { backoffBaseMs: 5, backoffMaxMs: 20 };

let emulator: CleverEmulator;
let token: string;

beforeAll(async () => {
  emulator = await startCleverEmulator({ data: [exampleDataset(STUDENTS - 1)], seed: 7 });
  token = emulator.tokens[DISTRICT_ID];
});

afterEach(() => {
  emulator.admin.resetFaults();
  emulator.admin.clearRequests();
});

afterAll(() => emulator.close());

function clientWith(options: Parameters<typeof createCleverClient>[0] = {}) {
  return createCleverClient({
    apiBase: emulator.apiUrl,
    oauthBase: emulator.oauthUrl,
    ...FAST_BACKOFF,
    ...options,
  });
}

async function studentIds(
  client: ReturnType<typeof createCleverClient>,
  call: { token: string; districtId?: string },
) {
  const ids: string[] = [];
  for await (const user of client.listUsers({ ...call, role: 'student', pageSize: 25 })) ids.push(user.id);
  return ids;
}

function statuses(path: string) {
  return emulator.admin
    .requests()
    .filter((request) => request.path === path)
    .map((request) => request.status);
}

describe('server errors', () => {
  it('retries 5xx answers and then succeeds', async () => {
    emulator.admin.setFaults({ failNext: 2 });
    const school = await clientWith({ retries: 3 }).getSchool({ token, id: '65a00000000000000000b001' });
    expect(school.name).toBe('Maple Elementary');
    expect(statuses('/v3.0/schools/65a00000000000000000b001')).toEqual([503, 503, 200]);
  });

  it('gives up with CleverServerError after the allowed retries', async () => {
    emulator.admin.setFaults({ failNext: 10 });
    await expect(clientWith({ retries: 2 }).getDistrict({ token, id: DISTRICT_ID })).rejects.toBeInstanceOf(
      CleverServerError,
    );
    expect(statuses(`/v3.0/districts/${DISTRICT_ID}`)).toEqual([503, 503, 503]);
  });

  it('reads every record exactly once while a third of the requests fail', async () => {
    emulator.admin.setFaults({ serverErrorRate: 0.3 });
    const ids = await studentIds(clientWith({ retries: 8 }), { token });
    expect(ids).toHaveLength(STUDENTS);
    expect(new Set(ids).size).toBe(STUDENTS);
    expect(statuses('/v3.0/users')).toContain(500);
  });

  it('reduces an HTML error page to its text', async () => {
    emulator.admin.setFaults({ failNext: 1, htmlErrors: true });
    const attempt = clientWith({ retries: 0 }).getDistrict({ token, id: DISTRICT_ID });
    await expect(attempt).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining('Service Unavailable'),
    });
    await expect(attempt).rejects.toMatchObject({ message: expect.not.stringContaining('<') });
  });

  it('never retries the code exchange, whose code is single-use', async () => {
    emulator.admin.setFaults({ failNext: 1 });
    const exchange = clientWith({ retries: 5 }).exchangeCode({
      code: 'a'.repeat(32),
      redirectUri: emulator.clients[0].redirectUris[0],
      credentials: emulator.clients[0],
    });
    await expect(exchange).rejects.toBeInstanceOf(CleverServerError);
    expect(statuses('/oauth/tokens')).toEqual([503]);
  });
});

describe('rate limits', () => {
  it('waits for X-Ratelimit-Reset after a burst of 429s and then succeeds', async () => {
    emulator.admin.setFaults({ rateLimitBurst: 2 });
    const district = await clientWith({ retries: 3 }).getDistrict({ token, id: DISTRICT_ID });
    expect(district.id).toBe(DISTRICT_ID);
    expect(statuses(`/v3.0/districts/${DISTRICT_ID}`)).toEqual([429, 429, 200]);
  });

  it('gives up with CleverRateLimitError when still limited after the allowed waits', async () => {
    emulator.admin.setFaults({ rateLimitBurst: 5 });
    await expect(
      clientWith({ retries: 1, maxRateLimitWaitMs: 10 }).getDistrict({ token, id: DISTRICT_ID }),
    ).rejects.toBeInstanceOf(CleverRateLimitError);
  });

  it('answers 429 past the per-minute limit, with the remaining count at 0', async () => {
    const limited = await startCleverEmulator({
      data: [exampleDataset()],
      faults: { rateLimitPerMinute: 3 },
    });
    try {
      const get = () =>
        fetch(`${limited.apiUrl}/v3.0/schools`, {
          headers: { authorization: `Bearer ${limited.tokens[DISTRICT_ID]}` },
        });
      for (let n = 0; n < 3; n++) expect((await get()).status).toBe(200);
      const over = await get();
      expect(over.status).toBe(429);
      expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Number(over.headers.get('x-ratelimit-reset')) % 60).toBe(0);
    } finally {
      await limited.close();
    }
  });
});

describe('timeouts and network errors', () => {
  it('abandons a request that exceeds the timeout and retries it', async () => {
    emulator.admin.setFaults({ slowNext: 1, slowMs: 1_000 });
    const district = await clientWith({ retries: 2, timeoutMs: 150 }).getDistrict({ token, id: DISTRICT_ID });
    expect(district.id).toBe(DISTRICT_ID);
  });

  it('gives up with CleverTimeoutError when every attempt is too slow', async () => {
    emulator.admin.setFaults({ slowNext: 5, slowMs: 1_000 });
    const attempt = clientWith({ retries: 1, timeoutMs: 100 }).getDistrict({ token, id: DISTRICT_ID });
    await expect(attempt).rejects.toBeInstanceOf(CleverTimeoutError);
    await expect(attempt).rejects.toMatchObject({
      message: expect.stringContaining('no answer within 100 ms'),
    });
  });

  it('reports a refused connection as CleverNetworkError', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const client = createCleverClient({ apiBase: `http://127.0.0.1:${port}`, retries: 1, ...FAST_BACKOFF });
    await expect(client.getDistrict({ token, id: DISTRICT_ID })).rejects.toBeInstanceOf(CleverNetworkError);
  });
});

describe('token rotation', () => {
  function rotatingSetup() {
    const credentials = emulator.clients[0];
    const tokenClient = clientWith();
    const source = new DistrictTokenSource({ client: tokenClient, credentials });
    let refreshes = 0;
    const client = clientWith({
      onTokenRefresh: async ({ districtId }) => {
        refreshes++;
        return districtId ? source.refresh(districtId) : undefined;
      },
    });
    return { source, client, refreshes: () => refreshes };
  }

  it('refreshes once on a 401 after rotation mid-stream and reads every record once', async () => {
    const { source, client, refreshes } = rotatingSetup();
    const first = await source.getToken(DISTRICT_ID);
    const ids: string[] = [];
    for await (const user of client.listUsers({
      token: first,
      districtId: DISTRICT_ID,
      role: 'student',
      pageSize: 25,
    })) {
      ids.push(user.id);
      if (ids.length === 30) emulator.admin.rotateToken(DISTRICT_ID);
    }
    expect(new Set(ids).size).toBe(STUDENTS);
    expect(ids).toHaveLength(STUDENTS);
    expect(refreshes()).toBe(1);
    expect(await source.getToken(DISTRICT_ID)).toBe(emulator.admin.districtToken(DISTRICT_ID));
    expect(await source.getToken(DISTRICT_ID)).not.toBe(first);
  });

  it('a revoked district fails with a clear not-found error after one refresh attempt', async () => {
    const { source, client, refreshes } = rotatingSetup();
    const current = await source.getToken(DISTRICT_ID);
    emulator.admin.revokeToken(DISTRICT_ID);
    try {
      const attempt = studentIds(client, { token: current, districtId: DISTRICT_ID });
      await expect(attempt).rejects.toBeInstanceOf(CleverNotFoundError);
      await expect(attempt).rejects.toMatchObject({ message: expect.stringContaining('disconnected') });
      expect(refreshes()).toBe(1);
    } finally {
      emulator.admin.rotateToken(DISTRICT_ID);
    }
  });

  it('without a refresh function a 401 surfaces as CleverAuthError', async () => {
    await expect(clientWith().getDistrict({ token: 'f'.repeat(40), id: DISTRICT_ID })).rejects.toBeInstanceOf(
      CleverAuthError,
    );
  });
});

describe('secrets stay out of errors', () => {
  const CANARY_TOKEN = 'canarytoken0000deadbeef1234567890abcdef99';

  it.each([
    ['a rejected token', { failNext: 0 }],
    ['a server error', { failNext: 5 }],
    ['an HTML error page', { failNext: 5, htmlErrors: true }],
  ])('an error after %s never contains the token', async (_case, faults) => {
    emulator.admin.setFaults(faults);
    const error = await clientWith({ retries: 0 })
      .getDistrict({ token: CANARY_TOKEN, id: DISTRICT_ID })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const everything = `${(error as Error).message}\n${(error as Error).stack}\n${JSON.stringify(error)}`;
    expect(everything).not.toContain(CANARY_TOKEN);
  });

  it('an error from the token list never contains the client secret', async () => {
    const secret = 'canary-secret-5e1f0c';
    const error = await clientWith()
      .listDistrictTokens({ credentials: { clientId: emulator.clients[0].clientId, clientSecret: secret } })
      .then(
        () => new Error('expected a failure'),
        (caught: unknown) => caught as Error,
      );
    expect(`${error.message}\n${error.stack}\n${JSON.stringify(error)}`).not.toContain(secret);
  });
});

describe('admin endpoint', () => {
  it('sets faults and rotates tokens over HTTP, for stacks that run the emulator out of process', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${emulator.url}/__emulator/${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect(((await (await post('faults', { failNext: 1 })).json()) as { failNext: number }).failNext).toBe(1);
    const failed = await fetch(`${emulator.apiUrl}/v3.0/districts`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(failed.status).toBe(503);

    const before = emulator.admin.districtToken(DISTRICT_ID)!;
    expect((await post(`districts/${DISTRICT_ID}/rotate-token`, {})).status).toBe(200);
    const stale = await fetch(`${emulator.apiUrl}/v3.0/districts`, {
      headers: { authorization: `Bearer ${before}` },
    });
    expect(stale.status).toBe(401);
    token = emulator.admin.districtToken(DISTRICT_ID)!;
    expect(token).not.toBe(before);
  });
});
