// The OAuth round trip as a browser does it (authorize → consent → redirect with code and state →
// exchange → /me), and each misuse getting the status Clever gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorClient } from '../../../dev/clever-emulator/server.ts';
import { type CleverEmulator, startCleverEmulator } from '../../../dev/clever-emulator/start.ts';
import { type CleverClient, createCleverClient } from '../../../lib/clever/client.ts';
import { CleverAuthError, CleverRequestError } from '../../../lib/clever/errors.ts';
import { EXAMPLE_DISTRICT, EXAMPLE_STUDENT, EXAMPLE_TEACHER, exampleDataset } from './fixtures.ts';

let emulator: CleverEmulator;
let client: CleverClient;
let app: EmulatorClient;
let redirectUri: string;

beforeAll(async () => {
  emulator = await startCleverEmulator({ data: [exampleDataset()] });
  client = createCleverClient({ apiBase: emulator.apiUrl, oauthBase: emulator.oauthUrl, retries: 0 });
  app = emulator.clients[0];
  redirectUri = emulator.clients[0].redirectUris[1];
});

afterAll(() => emulator.close());

/** Follows the consent page the way a user clicks: fetch it, pick the link for `userId`, follow it. */
async function browserLogin(params: { state?: string; userId: string; uri?: string }): Promise<URL> {
  const authorize = client.authorizeUrl({
    clientId: app.clientId,
    redirectUri: params.uri ?? redirectUri,
    state: params.state,
  });
  const page = await fetch(authorize);
  expect(page.status).toBe(200);
  const html = await page.text();
  const href = new RegExp(`href="([^"]*login_as=${params.userId})"`).exec(html)?.[1];
  expect(href, 'the consent page lists the user').toBeDefined();
  const consent = await fetch(new URL(href!.replace(/&amp;|&#38;/g, '&'), emulator.oauthUrl), {
    redirect: 'manual',
  });
  expect(consent.status).toBe(302);
  return new URL(consent.headers.get('location')!);
}

async function exchange(code: string, overrides: Partial<{ redirectUri: string; secret: string }> = {}) {
  return client.exchangeCode({
    code,
    redirectUri: overrides.redirectUri ?? redirectUri,
    credentials: { clientId: app.clientId, clientSecret: overrides.secret ?? app.clientSecret },
  });
}

describe('OAuth round trip', () => {
  it('authorize, consent, redirect with code and state, exchange, then /me names the user', async () => {
    const callback = await browserLogin({ state: 'opaque-state-123', userId: EXAMPLE_TEACHER.data.id });
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    expect(callback.searchParams.get('state')).toBe('opaque-state-123');
    const { accessToken, tokenType } = await exchange(callback.searchParams.get('code')!);
    expect(tokenType).toBe('bearer');
    const me = await client.me(accessToken);
    expect(me.data).toEqual({
      id: EXAMPLE_TEACHER.data.id,
      district: EXAMPLE_DISTRICT.data.id,
      type: 'user',
      authorized_by: 'district',
    });
    expect(await client.tokenInfo(accessToken)).toEqual({
      clientId: app.clientId,
      scopes: expect.arrayContaining(['read:user_id']),
    });
  });

  it('a portal launch (instant-login) arrives at the first registered URI without state', async () => {
    const launch = new URL('/oauth/instant-login', emulator.oauthUrl);
    launch.searchParams.set('client_id', app.clientId);
    launch.searchParams.set('district_id', EXAMPLE_DISTRICT.data.id);
    launch.searchParams.set('login_as', EXAMPLE_STUDENT.data.id);
    const response = await fetch(launch, { redirect: 'manual' });
    const callback = new URL(response.headers.get('location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(app.redirectUris[0]);
    expect(callback.searchParams.has('state')).toBe(false);
    expect(
      (await exchange(callback.searchParams.get('code')!, { redirectUri: app.redirectUris[0] })).accessToken,
    ).toMatch(/^[0-9a-f]{40}$/);
  });

  it('declining sends error=access_denied with the state and no code', async () => {
    const url = `${client.authorizeUrl({ clientId: app.clientId, redirectUri, state: 's1' })}&decline=1`;
    const callback = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('s1');
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('an SSO token reads only /me, its own user and its own district', async () => {
    const callback = await browserLogin({ userId: EXAMPLE_STUDENT.data.id });
    const { accessToken } = await exchange(callback.searchParams.get('code')!);
    expect((await client.getUser({ token: accessToken, id: EXAMPLE_STUDENT.data.id })).id).toBe(
      EXAMPLE_STUDENT.data.id,
    );
    expect((await client.getDistrict({ token: accessToken, id: EXAMPLE_DISTRICT.data.id })).id).toBe(
      EXAMPLE_DISTRICT.data.id,
    );
    await expect(client.getUser({ token: accessToken, id: EXAMPLE_TEACHER.data.id })).rejects.toMatchObject({
      status: 404,
    });
    const roster = fetch(`${emulator.apiUrl}/v3.0/users`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect((await roster).status).toBe(404);
  });
  it('accepts a form-encoded code exchange as well as JSON', async () => {
    const code = (await browserLogin({ state: 'f', userId: EXAMPLE_TEACHER.data.id })).searchParams.get(
      'code',
    )!;
    const response = await fetch(`${emulator.oauthUrl}/oauth/tokens`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ code, grant_type: 'authorization_code', redirect_uri: redirectUri }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{40}$/),
      token_type: 'bearer',
    });
  });
});

describe('OAuth misuse gets the status Clever gives', () => {
  it('a reused code is refused with 400 invalid_grant, and the token it gave is revoked', async () => {
    const code = (await browserLogin({ state: 'x', userId: EXAMPLE_TEACHER.data.id })).searchParams.get(
      'code',
    )!;
    const first = await exchange(code);
    const reuse = exchange(code);
    await expect(reuse).rejects.toBeInstanceOf(CleverRequestError);
    await expect(reuse).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('invalid_grant'),
    });
    await expect(client.me(first.accessToken)).rejects.toBeInstanceOf(CleverAuthError);
  });

  it('a code older than 60 seconds is refused with 400', async () => {
    const code = (await browserLogin({ state: 'x', userId: EXAMPLE_TEACHER.data.id })).searchParams.get(
      'code',
    )!;
    emulator.admin.advanceTime(61_000);
    await expect(exchange(code)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('invalid code'),
    });
  });

  it('a wrong client secret is refused with 401 invalid_client, without echoing the secret', async () => {
    const code = (await browserLogin({ state: 'x', userId: EXAMPLE_TEACHER.data.id })).searchParams.get(
      'code',
    )!;
    const attempt = exchange(code, { secret: 'wrong-secret-canary-9f2' });
    await expect(attempt).rejects.toBeInstanceOf(CleverAuthError);
    await expect(attempt).rejects.toMatchObject({
      status: 401,
      message: expect.not.stringContaining('canary'),
    });
  });

  it('a redirect_uri other than the one authorized is refused with 400 at the exchange', async () => {
    const code = (await browserLogin({ state: 'x', userId: EXAMPLE_TEACHER.data.id })).searchParams.get(
      'code',
    )!;
    await expect(exchange(code, { redirectUri: app.redirectUris[0] })).rejects.toMatchObject({ status: 400 });
  });

  it('an unregistered redirect_uri at authorize gets an error page, never a redirect', async () => {
    const url = client.authorizeUrl({
      clientId: app.clientId,
      redirectUri: 'https://evil.example/cb',
      state: 's',
    });
    const response = await fetch(`${url}&login_as=${EXAMPLE_TEACHER.data.id}`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('an unknown client or a missing Basic header is refused with 401 on the token endpoints', async () => {
    await expect(
      client.listDistrictTokens({ credentials: { clientId: 'someone-else', clientSecret: 'x' } }),
    ).rejects.toMatchObject({ status: 401 });
    const bare = await fetch(`${emulator.oauthUrl}/oauth/tokens?owner_type=district`);
    expect(bare.status).toBe(401);
  });
});
