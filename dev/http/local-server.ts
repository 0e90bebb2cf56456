// Serves Lambda HTTP handlers on 127.0.0.1 by turning each node:http request into an API Gateway HTTP API
// (payload v2.0) event and the handler's result back into a response, so the local stack runs the very
// handlers that run in AWS. Matching follows API Gateway: exact method, `{name}` path segments.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { localLambdaContext } from '../../lib/http/lambda-context.ts';

export type LambdaHttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

export interface LocalRoute {
  method: string;
  /** API Gateway path syntax, e.g. `/uploads/{jobId}`. */
  path: string;
  handler: LambdaHttpHandler;
}

export interface LocalApi {
  url: string;
  close(): Promise<void>;
}

/** API Gateway's payload limit for HTTP APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute extends LocalRoute {
  pattern: RegExp;
  names: string[];
}

function compile(route: LocalRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

export async function startLocalApi(options: {
  routes: LocalRoute[];
  port: number;
  host?: string;
}): Promise<LocalApi> {
  const routes = options.routes.map(compile);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    serve(routes, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'Local adapter failure.' } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(routes: CompiledRoute[], request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://local');
  const method = request.method ?? 'GET';
  let pathParameters: Record<string, string> | undefined;
  const route = routes.find((candidate) => {
    if (candidate.method !== method) return false;
    const match = candidate.pattern.exec(url.pathname);
    if (!match) return false;
    pathParameters = Object.fromEntries(
      candidate.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]),
    );
    return true;
  });
  if (!route) {
    sendJson(response, 404, { message: 'Not Found' });
    return;
  }
  const body = await readBody(request);
  if (body === undefined) {
    sendJson(response, 413, { message: 'Request Entity Too Large' });
    return;
  }
  const event = toEvent(request, url, route, pathParameters, body);
  const result = await route.handler(
    event,
    localLambdaContext('local-api', event.requestContext.requestId, 30_000),
  );
  writeResult(response, result);
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const TEXT_CONTENT = /^(text\/|application\/(json|x-www-form-urlencoded|xml))/i;

function toEvent(
  request: IncomingMessage,
  url: URL,
  route: LocalRoute,
  pathParameters: Record<string, string> | undefined,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/));
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const isText = body.length === 0 || TEXT_CONTENT.test(headers['content-type'] ?? '');
  const now = new Date();
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    cookies: cookies.length ? cookies : undefined,
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: (headers.host ?? '127').split('.')[0],
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? body.toString(isText ? 'utf8' : 'base64') : undefined,
    isBase64Encoded: !isText,
  };
}

function writeResult(response: ServerResponse, result: APIGatewayProxyResultV2) {
  // API Gateway answers a result without statusCode as 200 JSON: a string is the body as is.
  if (typeof result === 'string') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(result);
    return;
  }
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    sendJson(response, 200, result);
    return;
  }
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(
    result.body === undefined
      ? undefined
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
  );
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
