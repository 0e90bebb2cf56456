// Organisations (the app's own customers) as onboarding knows them: their numbers and email domains are
// the evidence districts are matched against. Saving never touches which districts are linked.
import type { OnboardingDeps, OrgRecord } from '../ports/onboarding.ts';
import type { SaveOrgRequest } from './requests.ts';

export async function saveOrg(
  deps: OnboardingDeps,
  orgId: string,
  request: SaveOrgRequest,
): Promise<OrgRecord> {
  await deps.store.putOrg({ orgId, ...request });
  deps.log.info('organisation saved', { orgId });
  const saved = await deps.store.getOrg(orgId);
  if (!saved) throw new Error(`Organisation ${orgId} vanished right after it was saved.`);
  return saved;
}
