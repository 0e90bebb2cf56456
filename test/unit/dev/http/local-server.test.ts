import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApi, startLocalApi } from '../../../../dev/http/local-server.ts';

let api: LocalApi;
let seen: APIGatewayProxyEventV2 | undefined;

beforeAll(async () => {
  api = await startLocalApi({
    port: 0,
    routes: [
      {
        method: 'POST',
        path: '/things/{thingId}/parts',
        handler: async (event) => {
          seen = event;
          return {
            statusCode: 201,
            headers: { 'x-kind': 'part' },
            cookies: ['a=1', 'b=2'],
            body: '{"ok":true}',
          };
        },
      },
      { method: 'GET', path: '/plain', handler: async () => '{"hello":"world"}' },
    ],
  });
});
afterAll(() => api.close());

describe('the local API Gateway (payload 2.0) adapter', () => {
  it('builds the event API Gateway would send: route key, path and query parameters, cookies, text body', async () => {
    const response = await fetch(`${api.url}/things/t%201/parts?x=1&x=2&y=3`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: 'sid=abc; theme=dark', 'X-Custom': 'v' },
      body: '{"a":1}',
    });

    expect(response.status).toBe(201);
    expect(response.headers.get('x-kind')).toBe('part');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(seen).toMatchObject({
      version: '2.0',
      routeKey: 'POST /things/{thingId}/parts',
      rawPath: '/things/t%201/parts',
      rawQueryString: 'x=1&x=2&y=3',
      pathParameters: { thingId: 't 1' },
      queryStringParameters: { x: '1,2', y: '3' },
      cookies: ['sid=abc', 'theme=dark'],
      headers: { 'content-type': 'application/json', 'x-custom': 'v' },
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/things/t%201/parts' }, stage: '$default' },
    });
  });

  it('base64-encodes binary bodies', async () => {
    await fetch(`${api.url}/things/1/parts`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 1, 2, 255]),
    });
    expect(seen?.isBase64Encoded).toBe(true);
    expect(Buffer.from(seen?.body ?? '', 'base64')).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('answers a result without a status code as a 200 JSON body, as API Gateway does', async () => {
    const response = await fetch(`${api.url}/plain`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it('answers 404 for a path or method no route has', async () => {
    expect((await fetch(`${api.url}/nothing`)).status).toBe(404);
    expect((await fetch(`${api.url}/plain`, { method: 'DELETE' })).status).toBe(404);
  });
});
