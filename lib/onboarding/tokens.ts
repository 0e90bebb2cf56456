// District-app tokens: imported from Clever's /oauth/tokens (the source of truth, since tokens rotate),
// kept only encrypted under a context naming the district, and refreshed once when Clever answers 401.

import type { CleverSchool } from '../clever/types.ts';
import { ClientError, DomainError } from '../errors.ts';
import {
  CleverCallError,
  currentTime,
  type DistrictImport,
  type DistrictToken,
  type EncryptionContext,
  type OnboardingDeps,
  type OrgRecord,
} from './ports.ts';
import { matchByNumbers } from './rank-candidates.ts';
import { tokenFingerprint } from './web-result.ts';

/** Roster users read per district for email-domain evidence: a sample is enough to name the domains. */
const EMAIL_DOMAIN_SAMPLE = 500;
const SYSTEM_ACTOR = 'system:token-import';

export function tokenEncryptionContext(districtId: string): EncryptionContext {
  return { districtId, purpose: 'clever-district-token' };
}

export interface ImportSummary {
  imported: string[];
  autoLinked: { districtId: string; orgId: string }[];
  disconnected: string[];
  failed: { districtId: string; reason: string }[];
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

async function readDistrictProfile(
  deps: OnboardingDeps,
  token: DistrictToken,
): Promise<Omit<DistrictImport, 'tokenCiphertext' | 'tokenFingerprint'>> {
  const district = await deps.clever.getDistrict(token.districtId, token.accessToken);
  const schools: CleverSchool[] = [];
  for await (const school of deps.clever.listSchools(token.accessToken)) schools.push(school);
  const domains = new Set<string>();
  let sampled = 0;
  for await (const user of deps.clever.listUsers(token.accessToken)) {
    const domain = user.email?.split('@')[1]?.trim().toLowerCase();
    if (domain) domains.add(domain);
    if (++sampled >= EMAIL_DOMAIN_SAMPLE) break;
  }
  const states = schools.map((school) => school.location?.state?.trim().toUpperCase()).filter(Boolean);
  return {
    districtId: token.districtId,
    name: district.name,
    mdrNumber: district.mdr_number ?? undefined,
    ncesId: district.nces_id ?? undefined,
    usState: mostCommon(states as string[]),
    schoolCount: schools.length,
    emailDomains: [...domains].sort(),
  };
}

async function autoLinkByNumbers(deps: OnboardingDeps, orgs: OrgRecord[], districtId: string, at: string) {
  const { store } = deps;
  const district = await store.getDistrict(districtId);
  if (!district || district.orgId) return undefined;
  const match = matchByNumbers(district, orgs);
  if (match.kind !== 'unique') return undefined;
  const orgId = match.org.orgId;
  if (!(await store.addDistrictToOrg(orgId, districtId, { exclusive: true }))) return undefined;
  const claim = await store.setDistrictOrg(districtId, orgId, undefined, SYSTEM_ACTOR, at);
  if (!claim.ok) {
    await store.removeDistrictFromOrg(orgId, districtId);
    return undefined;
  }
  await store.appendAudit({
    districtId,
    at,
    actor: SYSTEM_ACTOR,
    action: 'auto_link',
    toOrgId: orgId,
    evidence: match.evidence,
  });
  return orgId;
}

/**
 * Syncs districts from /oauth/tokens: upserts each with its name and numbers, links exact MDR/NCES
 * matches, and marks districts whose token disappeared as disconnected. `districtId` refreshes one.
 */
export async function importDistrictTokens(
  deps: OnboardingDeps,
  options: { districtId?: string } = {},
): Promise<ImportSummary> {
  const { store, clever, cipher, log } = deps;
  const at = currentTime(deps).toISOString();
  const summary: ImportSummary = { imported: [], autoLinked: [], disconnected: [], failed: [] };
  const tokens = await clever.listDistrictTokens(options.districtId).catch((error: unknown) => {
    if (!(error instanceof CleverCallError)) throw error;
    throw new DomainError(
      'CLEVER_TOKENS_UNAVAILABLE',
      error.kind === 'unauthorized'
        ? 'Clever refused the app credentials when listing district tokens; check the Clever client id and secret.'
        : `Clever did not list the district tokens (${error.kind}); nothing was changed, try again later.`,
    );
  });
  const listed = new Set(tokens.map((token) => token.districtId));
  const orgs = await store.listOrgs();

  for (const token of tokens) {
    const before = await store.getDistrict(token.districtId);
    try {
      const profile = await readDistrictProfile(deps, token);
      await store.upsertImportedDistrict(
        {
          ...profile,
          tokenCiphertext: await cipher.encrypt(token.accessToken, tokenEncryptionContext(token.districtId)),
          tokenFingerprint: tokenFingerprint(token.accessToken),
        },
        at,
      );
    } catch (error) {
      if (!(error instanceof CleverCallError)) throw error;
      summary.failed.push({ districtId: token.districtId, reason: error.message });
      log.warn('district import failed', { districtId: token.districtId, kind: error.kind });
      continue;
    }
    summary.imported.push(token.districtId);
    if (before?.connection === 'disconnected') {
      await store.appendAudit({
        districtId: token.districtId,
        at,
        actor: SYSTEM_ACTOR,
        action: 'reconnected',
        evidence: ['token listed again'],
      });
    }
    const orgId = await autoLinkByNumbers(deps, orgs, token.districtId, at);
    if (orgId) summary.autoLinked.push({ districtId: token.districtId, orgId });
    log.info('district imported', {
      districtId: token.districtId,
      tokenFingerprint: tokenFingerprint(token.accessToken),
    });
  }

  const known = options.districtId
    ? [await store.getDistrict(options.districtId)].filter((district) => district !== undefined)
    : await store.listDistricts();
  for (const district of known) {
    if (listed.has(district.districtId)) continue;
    if (district.connection !== 'connected' && district.connection !== 'needs_attention') continue;
    await store.setConnection(district.districtId, 'disconnected', at);
    await store.appendAudit({
      districtId: district.districtId,
      at,
      actor: SYSTEM_ACTOR,
      action: 'disconnected',
      fromOrgId: district.orgId,
      evidence: ['token no longer listed by /oauth/tokens'],
    });
    summary.disconnected.push(district.districtId);
    log.info('district disconnected', { districtId: district.districtId });
  }
  return summary;
}

async function refreshDistrictToken(deps: OnboardingDeps, districtId: string): Promise<string | undefined> {
  const at = currentTime(deps).toISOString();
  const [token] = await deps.clever.listDistrictTokens(districtId);
  if (!token) {
    await deps.store.setConnection(districtId, 'disconnected', at);
    return undefined;
  }
  const fingerprint = tokenFingerprint(token.accessToken);
  const ciphertext = await deps.cipher.encrypt(token.accessToken, tokenEncryptionContext(districtId));
  await deps.store.setDistrictToken(districtId, ciphertext, fingerprint, at);
  deps.log.info('district token refreshed', { districtId, tokenFingerprint: fingerprint });
  return token.accessToken;
}

/**
 * Runs `use` with the district's current token. On a 401 (the token rotated) it re-reads /oauth/tokens
 * once and retries; a second 401 marks the district as needing attention.
 */
export async function withDistrictToken<T>(
  deps: OnboardingDeps,
  districtId: string,
  use: (token: string) => Promise<T>,
): Promise<T> {
  const district = await deps.store.getDistrict(districtId);
  if (!district) throw new ClientError('DISTRICT_NOT_FOUND', `District "${districtId}" is not known.`, 404);
  const notConnected = () =>
    new ClientError(
      'DISTRICT_NOT_CONNECTED',
      `District "${districtId}" has no Clever token; it may have disconnected.`,
      409,
    );
  const stored = district.tokenCiphertext
    ? await deps.cipher.decrypt(district.tokenCiphertext, tokenEncryptionContext(districtId))
    : await refreshDistrictToken(deps, districtId);
  if (stored === undefined) throw notConnected();
  try {
    return await use(stored);
  } catch (error) {
    if (!(error instanceof CleverCallError) || error.kind !== 'unauthorized') throw error;
  }
  const refreshed = await refreshDistrictToken(deps, districtId);
  if (refreshed === undefined) throw notConnected();
  try {
    return await use(refreshed);
  } catch (error) {
    if (error instanceof CleverCallError && error.kind === 'unauthorized') {
      const at = currentTime(deps).toISOString();
      await deps.store.setConnection(districtId, 'needs_attention', at);
      await deps.store.appendAudit({
        districtId,
        at,
        actor: SYSTEM_ACTOR,
        action: 'needs_attention',
        evidence: ['401 after token refresh'],
      });
    }
    throw error;
  }
}
