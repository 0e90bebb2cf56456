// PUT /admin/orgs/{orgId}: create or update an organisation's profile (name, state, MDR/NCES, email domains).
import { initOnboardingFunction } from '../lib/adapters/onboarding-lambda.ts';
import { createHttpHandler } from '../lib/http/handler.ts';
import { jsonResponse } from '../lib/http/responses.ts';
import { parseOrThrow } from '../lib/http/validation.ts';
import { saveOrg } from '../lib/onboarding/orgs.ts';
import { orgIdSchema, saveOrgSchema } from '../lib/onboarding/requests.ts';

const { logger, deps, auth } = initOnboardingFunction('admin-orgs-put');

export const handler = createHttpHandler(
  { logger, route: 'SaveOrg', auth, body: saveOrgSchema },
  async ({ body, pathParameters }) =>
    jsonResponse(200, await saveOrg(deps, parseOrThrow(orgIdSchema, pathParameters.orgId, 'orgId'), body)),
);
