// POST /admin/tokens/import[?district=ID]: sync districts and tokens from Clever's /oauth/tokens.
import { initOnboardingFunction } from '../lib/adapters/onboarding-lambda.ts';
import { createHttpHandler } from '../lib/http/handler.ts';
import { jsonResponse } from '../lib/http/responses.ts';
import { parseOrThrow } from '../lib/http/validation.ts';
import { importQuerySchema } from '../lib/onboarding/requests.ts';
import { importDistrictTokens } from '../lib/onboarding/tokens.ts';

const { logger, deps, auth } = initOnboardingFunction('tokens-import');

export const handler = createHttpHandler({ logger, route: 'ImportTokens', auth }, async ({ query }) => {
  const { district } = parseOrThrow(importQuerySchema, query);
  return jsonResponse(200, await importDistrictTokens(deps, { districtId: district }));
});
