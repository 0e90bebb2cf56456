// PUT /admin/districts/{id}/org {orgId, expectedOrgId?, evidence?}: link a district or correct its org (audited).
import { initOnboardingFunction } from '../lib/adapters/onboarding-lambda.ts';
import { createHttpHandler } from '../lib/http/handler.ts';
import { jsonResponse } from '../lib/http/responses.ts';
import { parseOrThrow } from '../lib/http/validation.ts';
import { setDistrictOrg } from '../lib/onboarding/admin-districts.ts';
import { districtIdSchema, setDistrictOrgSchema } from '../lib/onboarding/requests.ts';

const { logger, deps, auth } = initOnboardingFunction('admin-districts-org-put');

export const handler = createHttpHandler(
  { logger, route: 'SetDistrictOrg', auth, body: setDistrictOrgSchema },
  async ({ body, pathParameters, principal }) => {
    const districtId = parseOrThrow(districtIdSchema, pathParameters.id, 'id');
    const change = await setDistrictOrg(deps, { districtId, actor: principal ?? 'unknown', ...body });
    return jsonResponse(200, { districtId, orgId: body.orgId, change: change ?? null });
  },
);
