// DELETE /admin/districts/{id}/org[?expectedOrgId=]: unlink a district from its org (audited).
import { initOnboardingFunction } from '../lib/adapters/onboarding-lambda.ts';
import { createHttpHandler } from '../lib/http/handler.ts';
import { jsonResponse } from '../lib/http/responses.ts';
import { parseOrThrow } from '../lib/http/validation.ts';
import { setDistrictOrg } from '../lib/onboarding/admin-districts.ts';
import { districtIdSchema, unlinkQuerySchema } from '../lib/onboarding/requests.ts';

const { logger, deps, auth } = initOnboardingFunction('admin-districts-org-delete');

export const handler = createHttpHandler(
  { logger, route: 'UnlinkDistrictOrg', auth },
  async ({ pathParameters, query, principal }) => {
    const districtId = parseOrThrow(districtIdSchema, pathParameters.id, 'id');
    const { expectedOrgId } = parseOrThrow(unlinkQuerySchema, query);
    const change = await setDistrictOrg(deps, {
      districtId,
      orgId: undefined,
      actor: principal ?? 'unknown',
      expectedOrgId,
    });
    return jsonResponse(200, { districtId, orgId: null, change: change ?? null });
  },
);
