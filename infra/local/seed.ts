// Seeds the demo organisation and links it to a Clever district, the state an app admin reaches after
// onboarding (token import + link), so an upload can run right away on the local stack.
import type { OnboardingStore } from '../../lib/onboarding/ports.ts';

export interface SeededOrganisation {
  orgId: string;
  districtId: string;
}

export async function seedLinkedOrganisation(
  store: OnboardingStore,
  district: { id: string; name: string },
  orgId = 'demo-org',
): Promise<SeededOrganisation> {
  const at = new Date().toISOString();
  await store.putOrg({
    orgId,
    name: `${district.name.replace(/^#DEMO\s*/, '')} (demo organisation)`,
    mdrNumbers: [],
    ncesIds: [],
    emailDomains: [],
  });
  await store.upsertImportedDistrict(
    {
      districtId: district.id,
      name: district.name,
      schoolCount: 0,
      emailDomains: [],
      // The pipeline looks the current token up by district id; no stored token is needed to match.
      tokenCiphertext: '',
      tokenFingerprint: '',
    },
    at,
  );
  await store.addDistrictToOrg(orgId, district.id, { exclusive: false });
  await store.setDistrictOrg(district.id, orgId, undefined, 'local-seed', at);
  return { orgId, districtId: district.id };
}
