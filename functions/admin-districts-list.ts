// GET /admin/districts?status=&q=: districts with their status, evidence and ranked candidate orgs.
import { initOnboardingFunction } from '../lib/adapters/onboarding-lambda.ts';
import { createHttpHandler } from '../lib/http/handler.ts';
import { jsonResponse } from '../lib/http/responses.ts';
import { parseOrThrow } from '../lib/http/validation.ts';
import { listDistrictsForAdmin } from '../lib/onboarding/admin-districts.ts';
import { districtListQuerySchema } from '../lib/onboarding/requests.ts';

const { logger, deps, auth } = initOnboardingFunction('admin-districts-list');

export const handler = createHttpHandler({ logger, route: 'ListDistricts', auth }, async ({ query }) =>
  jsonResponse(200, {
    districts: await listDistrictsForAdmin(deps, parseOrThrow(districtListQuerySchema, query)),
  }),
);
