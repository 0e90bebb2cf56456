// Admin routes are protected twice in AWS (the HTTP API's JWT authorizer rejects the request before the
// function runs; the handler still refuses an event with no verified claims) and once locally, where
// there is no authorizer and a bearer token from ADMIN_TOKEN stands in for it. Fails closed: with neither
// an admin token configured nor authorizer claims present, every admin request is 401.
import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ClientError } from '../errors.ts';

export interface AdminAuthSettings {
  /** Set only on the local stack. */
  adminToken?: string;
}

interface JwtAuthorizerContext {
  authorizer?: { jwt?: { claims?: Record<string, unknown> } };
}

/** The authenticated admin's subject (JWT `sub`, or `local-admin`). Throws 401 otherwise. */
export function authenticateAdmin(event: APIGatewayProxyEventV2, settings: AdminAuthSettings): string {
  if (settings.adminToken !== undefined) {
    const presented = /^Bearer (.+)$/i.exec(event.headers?.authorization ?? '')?.[1] ?? '';
    if (sameSecret(presented, settings.adminToken)) return 'local-admin';
    throw new ClientError('UNAUTHENTICATED', 'Send the admin token as "Authorization: Bearer <token>".', 401);
  }
  const claims = (event.requestContext as JwtAuthorizerContext).authorizer?.jwt?.claims;
  if (claims && typeof claims.sub === 'string') return claims.sub;
  throw new ClientError('UNAUTHENTICATED', 'Sign in as an administrator to use this route.', 401);
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
