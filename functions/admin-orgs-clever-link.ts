// POST /admin/orgs/{orgId}/clever-link[?returnTo=/path]: a "Log in with Clever" URL with a fresh link state.
import { cookieHeader, initOnboardingFunction } from '../lib/adapters/onboarding-lambda.ts';
import { createHttpHandler } from '../lib/http/handler.ts';
import { jsonResponse } from '../lib/http/responses.ts';
import { parseOrThrow } from '../lib/http/validation.ts';
import { createLinkUrl } from '../lib/onboarding/link.ts';
import { linkUrlQuerySchema, orgIdSchema } from '../lib/onboarding/requests.ts';

const { logger, deps, auth } = initOnboardingFunction('admin-orgs-clever-link');

export const handler = createHttpHandler(
  { logger, route: 'CreateCleverLink', auth },
  async ({ event, pathParameters, query, principal }) => {
    const { returnTo } = parseOrThrow(linkUrlQuerySchema, query);
    const created = await createLinkUrl(deps, {
      orgId: parseOrThrow(orgIdSchema, pathParameters.orgId, 'orgId'),
      actor: principal ?? 'unknown',
      cookieHeader: cookieHeader(event.cookies),
      returnTo,
    });
    return {
      ...jsonResponse(201, { url: created.url, expiresAt: created.expiresAt }),
      cookies: created.cookies,
    };
  },
);
