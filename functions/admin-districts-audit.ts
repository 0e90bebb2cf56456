// GET /admin/districts/{id}/audit: the district's link history (who, when, from what to what, evidence).
import { initOnboardingFunction } from '../lib/adapters/onboarding-lambda.ts';
import { createHttpHandler } from '../lib/http/handler.ts';
import { jsonResponse } from '../lib/http/responses.ts';
import { parseOrThrow } from '../lib/http/validation.ts';
import { districtIdSchema } from '../lib/onboarding/requests.ts';

const { logger, deps, auth } = initOnboardingFunction('admin-districts-audit');

export const handler = createHttpHandler(
  { logger, route: 'DistrictAudit', auth },
  async ({ pathParameters }) =>
    jsonResponse(200, {
      audit: await deps.store.listAudit(parseOrThrow(districtIdSchema, pathParameters.id, 'id')),
    }),
);
