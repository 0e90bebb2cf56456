import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ClientError, InputError } from '../../../lib/errors.ts';
import { createHttpHandler } from '../../../lib/http/handler.ts';
import { jsonResponse } from '../../../lib/http/responses.ts';

const ADMIN_TOKEN = 'test-admin-token-1234';

function event(overrides: Partial<APIGatewayProxyEventV2> & { claims?: Record<string, string> } = {}) {
  const { claims, ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: 'POST /things',
    rawPath: '/things',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
    ...rest,
  } as unknown as APIGatewayProxyEventV2;
}

function build(options: { adminToken?: string; fail?: unknown } = {}) {
  const logged: string[] = [];
  const handler = createHttpHandler(
    {
      logger: { error: (message, fields) => logged.push(JSON.stringify({ message, ...fields })) },
      route: 'CreateUpload', // an admin route
      auth: { adminToken: options.adminToken },
      body: z.object({ name: z.string().min(1), count: z.number().int().optional() }),
    },
    async ({ body, principal }) => {
      if (options.fail) throw options.fail;
      return jsonResponse(200, { body, principal });
    },
  );
  const call = async (e: APIGatewayProxyEventV2) => {
    const result = (await handler(e, {} as Context)) as { statusCode: number; body: string };
    return { status: result.statusCode, json: JSON.parse(result.body) };
  };
  return { call, logged };
}

const json = (body: string, headers: Record<string, string> = {}) =>
  event({ body, headers: { 'Content-Type': 'application/json', ...headers } });

describe('the HTTP handler stack', () => {
  it('refuses an admin route without the local admin token, with a JSON 401', async () => {
    const { call } = build({ adminToken: ADMIN_TOKEN });
    const response = await call(json('{"name":"a"}', { Authorization: 'Bearer wrong' }));
    expect(response).toEqual({
      status: 401,
      json: { error: { code: 'UNAUTHENTICATED', message: expect.any(String) } },
    });
  });

  it('takes whether a route is for admins from the route table', async () => {
    const open = createHttpHandler(
      { logger: { error: () => {} }, route: 'CleverInstantLogin', auth: {} },
      async ({ principal }) => jsonResponse(200, { principal: principal ?? null }),
    );
    const result = (await open(event({ headers: {} }), {} as Context)) as { statusCode: number };
    expect(result.statusCode).toBe(200);
    expect(() =>
      createHttpHandler({ logger: { error: () => {} }, route: 'NoSuchRoute', auth: {} }, async () =>
        jsonResponse(200, {}),
      ),
    ).toThrow(/no route "NoSuchRoute"/);
  });

  it('passes the parsed body and the principal with the right token (header names in any case)', async () => {
    const { call } = build({ adminToken: ADMIN_TOKEN });
    const response = await call(json('{"name":"a","count":2}', { AUTHORIZATION: `Bearer ${ADMIN_TOKEN}` }));
    expect(response).toEqual({
      status: 200,
      json: { body: { name: 'a', count: 2 }, principal: 'local-admin' },
    });
  });

  it('trusts the JWT authorizer claims in AWS, and fails closed without them', async () => {
    const { call } = build();
    const withClaims = await call(
      event({
        body: '{"name":"a"}',
        headers: { 'content-type': 'application/json' },
        claims: { sub: 'u-1' },
      }),
    );
    expect(withClaims.json.principal).toBe('u-1');
    expect((await call(json('{"name":"a"}'))).status).toBe(401);
  });

  it.each([
    ['malformed JSON', json('{"name":'), 'INVALID_JSON'],
    [
      'a body that is not JSON',
      event({ body: 'name=a', headers: { 'content-type': 'text/plain' } }),
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a field failing validation', json('{"name":"","count":1.5}'), 'INVALID_REQUEST'],
  ])('answers %s with a 400 naming the problem', async (_case, e, code) => {
    const { call } = build({ adminToken: ADMIN_TOKEN });
    e.headers.authorization = `Bearer ${ADMIN_TOKEN}`;
    const response = await call(e);
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe(code);
  });

  it('names every invalid field in one message', async () => {
    const { call } = build({ adminToken: ADMIN_TOKEN });
    const response = await call(json('{"name":"","count":1.5}', { authorization: `Bearer ${ADMIN_TOKEN}` }));
    expect(response.json.error.message).toMatch(/name: .*; count: /);
  });

  it('maps domain errors to their status: ClientError as given, InputError as 422', async () => {
    const clientError = build({ adminToken: ADMIN_TOKEN, fail: new ClientError('GONE', 'It is gone.', 410) });
    const inputError = build({
      adminToken: ADMIN_TOKEN,
      fail: new InputError([{ file: 'a.csv', line: 3, code: 'CSV_BAD', message: 'bad quote' }]),
    });
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    expect(await clientError.call(json('{"name":"a"}', auth))).toEqual({
      status: 410,
      json: { error: { code: 'GONE', message: 'It is gone.' } },
    });
    expect(await inputError.call(json('{"name":"a"}', auth))).toEqual({
      status: 422,
      json: { error: { code: 'CSV_BAD', message: 'a.csv:3: bad quote' } },
    });
  });

  it('turns anything else into a generic 500 and logs it without the message (which may hold a secret)', async () => {
    const canary = 'tok_CANARY_5f2b';
    const { call, logged } = build({
      adminToken: ADMIN_TOKEN,
      fail: new Error(`upstream said Bearer ${canary}`),
    });
    const response = await call(json('{"name":"a"}', { authorization: `Bearer ${ADMIN_TOKEN}` }));
    expect(response.status).toBe(500);
    expect(response.json.error).toEqual({ code: 'INTERNAL', message: expect.stringContaining('req-1') });
    expect(logged).toHaveLength(1);
    expect(logged.join('')).not.toContain(canary);
    expect(logged.join('')).not.toContain(ADMIN_TOKEN);
  });
});
