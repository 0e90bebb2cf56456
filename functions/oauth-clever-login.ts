// GET /oauth/clever/login: the primary redirect URI (Instant Login, portal launches; no state).
import { cookieHeader, initOnboardingFunction, toHttpResult } from '../lib/adapters/onboarding-lambda.ts';
import { createHttpHandler } from '../lib/http/handler.ts';
import { handleInstantLogin } from '../lib/onboarding/instant-login.ts';

const { logger, deps, auth } = initOnboardingFunction('oauth-clever-login');

export const handler = createHttpHandler({ logger, route: 'CleverInstantLogin', auth }, async ({ event }) =>
  toHttpResult(
    await handleInstantLogin(deps, {
      rawQuery: event.rawQueryString,
      cookieHeader: cookieHeader(event.cookies),
    }),
  ),
);
