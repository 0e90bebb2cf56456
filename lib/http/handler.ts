// The middy stack every HTTP function uses: header normalisation, admin authentication, a JSON body
// validated by a zod schema, and one error mapper. Handlers receive a typed request and return a result;
// they never build error responses themselves.
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { ClientError } from '../errors.ts';
import type { PipelineLogger } from '../ports/logger.ts';
import { type AdminAuthSettings, authenticateAdmin } from './admin-auth.ts';
import { mapErrorToResponse } from './error-mapper.ts';
import type { HttpResult } from './responses.ts';
import { routeById } from './routes.ts';
import { parseOrThrow } from './validation.ts';

export interface HttpRequest<Body> {
  event: APIGatewayProxyEventV2;
  body: Body;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  /** The authenticated admin on admin routes, else undefined. */
  principal: string | undefined;
}

export interface HttpHandlerOptions<Schema extends z.ZodType | undefined> {
  logger: Pick<PipelineLogger, 'error'>;
  /** The route's id in routes.ts: whether it is an admin route comes from there, as for the JWT authorizer. */
  route: string;
  auth: AdminAuthSettings;
  body?: Schema;
}

type BodyOf<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

export function createHttpHandler<Schema extends z.ZodType | undefined = undefined>(
  options: HttpHandlerOptions<Schema>,
  handle: (request: HttpRequest<BodyOf<Schema>>) => Promise<HttpResult>,
) {
  const { logger } = options;
  const { admin } = routeById(options.route);
  return middy<APIGatewayProxyEventV2, HttpResult, Error, Context>()
    .use(httpHeaderNormalizer())
    .use({
      onError: (request) => {
        request.response = mapErrorToResponse(request.error, logger, request.event.requestContext.requestId);
      },
    })
    .handler(async (event) => {
      const principal = admin ? authenticateAdmin(event, options.auth) : undefined;
      const body = (options.body ? parseJsonBody(event, options.body) : undefined) as BodyOf<Schema>;
      return handle({
        event,
        body,
        principal,
        pathParameters: definedEntries(event.pathParameters),
        query: definedEntries(event.queryStringParameters),
      });
    });
}

function parseJsonBody(event: APIGatewayProxyEventV2, schema: z.ZodType): unknown {
  const contentType = event.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(contentType)) {
    throw new ClientError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the request body as JSON (Content-Type: application/json).',
      400,
    );
  }
  const text = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ClientError('INVALID_JSON', 'The request body is not valid JSON.', 400);
  }
  return parseOrThrow(schema, parsed);
}

function definedEntries(record: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) if (value !== undefined) out[key] = value;
  return out;
}
