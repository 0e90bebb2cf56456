// What `npm start` seeds so that every onboarding flow can be tried at once: the demo organisation linked
// to the sandbox district (so an upload can run right away), and the app's organisations shaped against
// the emulator's demo districts, saved and imported over the same HTTP routes an app admin uses.
import type { z } from 'zod';
import { demoDistrictSpecs, generateDemoDataset } from '../../dev/clever-emulator/demo.ts';
import { resolveSettings } from '../../dev/synth/district.ts';
import type { saveOrgSchema } from '../../lib/onboarding/requests.ts';
import type { ImportSummary } from '../../lib/onboarding/tokens.ts';
import type { OnboardingStore } from '../../lib/ports/onboarding.ts';
import { type AdminApiTarget, callAdminApi } from './admin-api.ts';

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

export type DemoOrganisation = z.input<typeof saveOrgSchema>;

export interface DemoDistrictAdmin {
  id: string;
  name: string;
  title: string;
}

export interface OnboardingDemo {
  /** Org id → what `PUT /admin/orgs/{orgId}` saves. */
  organisations: Record<string, DemoOrganisation>;
  /** The org a "Log in with Clever" link is made for, and the district whose admin follows it. */
  linkOrgId: string;
  linkDistrict: { id: string; name: string; admins: DemoDistrictAdmin[] };
}

function demoDistrict(seed: number, key: string) {
  const spec = demoDistrictSpecs(seed).find((candidate) => candidate.key === key);
  if (!spec) throw new Error(`The emulator has no demo district "${key}".`);
  return { spec, settings: resolveSettings(spec.options) };
}

/**
 * Organisations that make each onboarding way visible on the emulator's demo districts of `seed`: one
 * links itself by MDR number at import, one district ranks an org with its roster's email domain above
 * an org with a similar name in another state, and one has an org of its exact name but no numbers, so
 * only a "Log in with Clever" link (or an admin) can link it.
 */
export function onboardingDemo(seed: number): OnboardingDemo {
  const riverside = demoDistrict(seed, 'mid-size').settings.district;
  const lakeview = demoDistrict(seed, 'no-ids').settings;
  const cedarCreek = demoDistrict(seed, 'single-school');
  const cedarDistrict = cedarCreek.settings.district;
  const elsewhere = lakeview.district.state === 'MI' ? 'WI' : 'MI';
  const admins = generateDemoDataset(cedarCreek.spec).users.flatMap((user) =>
    user.roles.district_admin
      ? [
          {
            id: user.id,
            name: `${user.name?.first ?? ''} ${user.name?.last ?? ''}`.trim(),
            title: user.roles.district_admin.title ?? 'district admin',
          },
        ]
      : [],
  );
  return {
    organisations: {
      riverside: {
        name: 'Riverside Unified',
        usState: riverside.state,
        mdrNumbers: riverside.mdr_number ? [riverside.mdr_number] : [],
      },
      'tri-county': {
        name: 'Tri-County Learning Cooperative',
        usState: lakeview.district.state,
        emailDomains: [lakeview.emailDomain],
      },
      'lakeview-mi': { name: 'Lakeview Public Schools', usState: elsewhere },
      'cedar-creek': { name: cedarDistrict.name, usState: cedarDistrict.state },
    },
    linkOrgId: 'cedar-creek',
    linkDistrict: { id: cedarDistrict.id, name: cedarDistrict.name, admins },
  };
}

/** Saves the demo organisations and imports every district token, as an app admin would over HTTP. */
export async function seedOnboardingDemo(
  target: AdminApiTarget,
  demo: OnboardingDemo,
): Promise<ImportSummary> {
  for (const [orgId, org] of Object.entries(demo.organisations))
    await callAdminApi(target, 'PUT', `/admin/orgs/${orgId}`, org);
  return callAdminApi<ImportSummary>(target, 'POST', '/admin/tokens/import');
}
