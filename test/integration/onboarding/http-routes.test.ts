// The onboarding routes as deployed: the Lambda handler modules from lib/http/routes.ts behind the local
// API Gateway adapter, talking to dynalite and the Clever emulator. A browser's round trip is replayed
// over HTTP, and everything the handlers print or answer is searched for planted secrets.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CleverEmulatorServer, startCleverEmulatorServer } from '../../../dev/clever-emulator/server.ts';
import { type LambdaHttpHandler, type LocalApi, startLocalApi } from '../../../dev/http/local-server.ts';
import { freePort } from '../../../infra/local/stack.ts';
import { createAwsClients } from '../../../lib/adapters/aws-clients.ts';
import { createLocalTable } from '../../../lib/adapters/table-schema.ts';
import { generateLocalTokenKey } from '../../../lib/adapters/token-cipher.ts';
import { parseConfig } from '../../../lib/config.ts';
import { ROUTES } from '../../../lib/http/routes.ts';
import { onboardingDistrict } from './districts.ts';

const ONBOARDING_ENTRIES = /^functions\/(oauth-|admin-districts|admin-orgs|tokens-import)/;
const ADMIN_TOKEN = `admin-${randomUUID()}`;
const CLIENT_SECRET = `canary-secret-${randomUUID()}`;
const linked = onboardingDistrict({
  number: 41,
  name: 'Maple Grove USD',
  usState: 'MN',
  emailDomain: 'maple.example.org',
});
const other = onboardingDistrict({
  number: 42,
  name: 'Maplewood ISD',
  usState: 'MN',
  emailDomain: 'maplewood.example.org',
});

let api: LocalApi;
let emulator: CleverEmulatorServer;
const captured: string[] = [];
const restoreWrites: (() => void)[] = [];

function captureOutput() {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      captured.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write;
    restoreWrites.push(() => {
      stream.write = write;
    });
  }
}

async function call(
  method: string,
  path: string,
  options: { body?: unknown; cookie?: string; admin?: boolean } = {},
) {
  const headers: Record<string, string> = {};
  if (options.admin !== false) headers.authorization = `Bearer ${ADMIN_TOKEN}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(path, api.url), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: 'manual',
  });
  const text = await response.text();
  captured.push(text);
  return { response, text };
}

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  emulator = await startCleverEmulatorServer({
    port: 0,
    clients: [
      {
        clientId: 'http-test-client',
        clientSecret: CLIENT_SECRET,
        redirectUris: [`${base}/oauth/clever/login`, `${base}/oauth/clever/link`],
      },
    ],
    districts: [linked.dataset, other.dataset],
  });
  const table = `onb-http-${randomUUID().slice(0, 8)}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    BUCKET_NAME: 'unused-by-onboarding',
    TABLE_NAME: table,
    PUBLIC_BASE_URL: base,
    ADMIN_TOKEN,
    CLEVER_API_BASE: emulator.url,
    CLEVER_OAUTH_BASE: emulator.url,
    CLEVER_CLIENT_ID: 'http-test-client',
    CLEVER_CLIENT_SECRET: CLIENT_SECRET,
    LOCAL_TOKEN_KEY: generateLocalTokenKey(),
    LOG_LEVEL: 'INFO',
  });
  await createLocalTable(createAwsClients(parseConfig(process.env)).dynamo, table);
  const routes = await Promise.all(
    ROUTES.filter((route) => ONBOARDING_ENTRIES.test(route.entry)).map(async (route) => ({
      method: route.method,
      path: route.path,
      handler: (
        (await import(pathToFileURL(resolve(import.meta.dirname, '../../..', route.entry)).href)) as {
          handler: LambdaHttpHandler;
        }
      ).handler,
    })),
  );
  api = await startLocalApi({ routes, port });
  captureOutput();
});

afterAll(async () => {
  for (const restore of restoreWrites) restore();
  await api?.close();
  await emulator?.close();
});

describe('onboarding over HTTP', () => {
  let linkUrl = '';
  let linkCookie = '';
  const codes: string[] = [];

  it('refuses admin routes without the admin token, with a JSON error', async () => {
    const { response, text } = await call('GET', '/admin/districts', { admin: false });
    expect(response.status).toBe(401);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('saves orgs and imports tokens, then makes a link URL whose state is bound to the admin’s browser', async () => {
    expect(
      (
        await call('PUT', '/admin/orgs/maple', {
          body: { name: 'Maple Grove Public Schools', usState: 'MN' },
        })
      ).response.status,
    ).toBe(200);
    expect(
      (
        await call('PUT', '/admin/orgs/maplewood', {
          body: { name: 'Maplewood', emailDomains: ['maplewood.example.org'] },
        })
      ).response.status,
    ).toBe(200);
    const bad = await call('PUT', '/admin/orgs/bad', { body: { name: 'x', usState: 'Minnesota' } });
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain('usState');

    const imported = await call('POST', '/admin/tokens/import');
    expect(JSON.parse(imported.text).imported).toHaveLength(2);

    const created = await call('POST', '/admin/orgs/maple/clever-link?returnTo=https://evil.example');
    expect(created.response.status).toBe(201);
    linkUrl = JSON.parse(created.text).url;
    const setCookie = created.response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      /^rm_link_session=[\w-]+; Path=\/; Max-Age=600; HttpOnly; Secure; SameSite=Lax/,
    );
    linkCookie = setCookie.split(';')[0];
  });

  it('links through the real redirect: 303 to a clean URL, no-store, no-referrer, then the success page', async () => {
    const authorize = new URL(linkUrl);
    authorize.searchParams.set('login_as', linked.districtAdminId);
    const atClever = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(atClever.headers.get('location') ?? '');
    codes.push(callback.searchParams.get('code') ?? '');

    const { response } = await call('GET', `${callback.pathname}${callback.search}`, {
      cookie: linkCookie,
      admin: false,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.search).toBe('?outcome=linked');

    const page = await call('GET', `${location.pathname}${location.search}`, { admin: false });
    expect(page.response.status).toBe(200);
    expect(page.response.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('District linked');

    const replay = await call('GET', `${callback.pathname}${callback.search}`, {
      cookie: linkCookie,
      admin: false,
    });
    expect(new URL(replay.response.headers.get('location') ?? '').search).toBe('?outcome=used_state');
  });

  it('lists the remaining district with ranked candidates, and the linked one with its audit trail', async () => {
    const { text } = await call('GET', '/admin/districts?status=unlinked');
    const { districts } = JSON.parse(text);
    expect(districts.map((district: { districtId: string }) => district.districtId)).toEqual([
      other.districtId,
    ]);
    expect(districts[0].candidates[0]).toMatchObject({ orgId: 'maplewood' });

    const audit = JSON.parse((await call('GET', `/admin/districts/${linked.districtId}/audit`)).text).audit;
    expect(audit).toEqual([expect.objectContaining({ action: 'link', toOrgId: 'maple' })]);
    expect((await call('GET', '/admin/districts?status=bogus')).response.status).toBe(400);
  });

  it('corrects and unlinks over HTTP, refusing a stale view with 409', async () => {
    const put = await call('PUT', `/admin/districts/${other.districtId}/org`, {
      body: { orgId: 'maplewood', expectedOrgId: null },
    });
    expect(JSON.parse(put.text).change).toMatchObject({
      action: 'link',
      toOrgId: 'maplewood',
      actor: 'local-admin',
    });
    const stale = await call('PUT', `/admin/districts/${other.districtId}/org`, {
      body: { orgId: 'maple', expectedOrgId: null },
    });
    expect(stale.response.status).toBe(409);
    const removed = await call('DELETE', `/admin/districts/${other.districtId}/org?expectedOrgId=maplewood`);
    expect(JSON.parse(removed.text).change).toMatchObject({ action: 'unlink', fromOrgId: 'maplewood' });
  });

  it('signs a user in through Instant Login and sets a session cookie', async () => {
    const launch = new URL('/oauth/instant-login', emulator.url);
    launch.searchParams.set('client_id', 'http-test-client');
    launch.searchParams.set('login_as', linked.teacherId);
    const callback = new URL((await fetch(launch, { redirect: 'manual' })).headers.get('location') ?? '');
    codes.push(callback.searchParams.get('code') ?? '');
    const { response } = await call('GET', `${callback.pathname}${callback.search}`, { admin: false });
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(/^rm_session=/);
    expect(response.headers.get('location')).toBe(`${new URL(api.url).origin}/`);
  });

  it('prints and answers no token, secret or code, on success and on failure paths', async () => {
    emulator.admin.setFaults({ failNext: 20 });
    const failed = await call('POST', '/admin/tokens/import');
    emulator.admin.resetFaults();
    expect(failed.response.status).toBeGreaterThanOrEqual(400);
    await call('GET', `/oauth/clever/login?code=${codes[1]}`, { admin: false });

    const secrets = [
      CLIENT_SECRET,
      ADMIN_TOKEN,
      ...codes,
      ...[linked, other].map((district) => emulator.admin.districtToken(district.districtId) ?? 'missing'),
    ];
    const everything = captured.join('\n');
    expect(everything.length).toBeGreaterThan(0);
    expect(everything).toContain('district linked');
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
