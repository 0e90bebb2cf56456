// GET /oauth/clever/link: the linking redirect URI ("Log in with Clever" with a link state).
import { cookieHeader, initOnboardingFunction, toHttpResult } from '../lib/adapters/onboarding-lambda.ts';
import { createHttpHandler } from '../lib/http/handler.ts';
import { handleLinkCallback } from '../lib/onboarding/link.ts';

const { logger, deps, auth } = initOnboardingFunction('oauth-clever-link');

export const handler = createHttpHandler({ logger, route: 'CleverLinkCallback', auth }, async ({ event }) =>
  toHttpResult(
    await handleLinkCallback(deps, {
      rawQuery: event.rawQueryString,
      cookieHeader: cookieHeader(event.cookies),
    }),
  ),
);
