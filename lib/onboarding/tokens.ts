// District-app tokens: imported from Clever's /oauth/tokens (the source of truth, since tokens rotate),
// kept only encrypted under a context naming the district, and read back through DistrictTokens, which
// falls back to /oauth/tokens once when the stored token is missing, does not decrypt or gets a 401.

import type { CleverSchool } from '../clever/types.ts';
import { ClientError, DomainError } from '../errors.ts';
import {
  CleverCallError,
  currentTime,
  type DistrictImport,
  type DistrictRecord,
  type DistrictToken,
  type EncryptionContext,
  type OnboardingDeps,
  type OnboardingLogger,
  type OnboardingStore,
  type OrgRecord,
  TOKEN_CONTEXT_PURPOSE,
  type TokenCipher,
} from '../ports/onboarding.ts';
import { matchByNumbers } from './rank-candidates.ts';
import { tokenFingerprint } from './web-result.ts';

/** Roster users read per district for email-domain evidence: a sample is enough to name the domains. */
const EMAIL_DOMAIN_SAMPLE = 500;
const SYSTEM_ACTOR = 'system:token-import';
const REFRESH_ACTOR = 'system:token-refresh';

export function tokenEncryptionContext(districtId: string): EncryptionContext {
  return { districtId, purpose: TOKEN_CONTEXT_PURPOSE };
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
    const fingerprint = tokenFingerprint(token.accessToken);
    try {
      const profile = await readDistrictProfile(deps, token);
      await store.upsertImportedDistrict(
        {
          ...profile,
          tokenCiphertext: await cipher.encrypt(token.accessToken, tokenEncryptionContext(token.districtId)),
          tokenFingerprint: fingerprint,
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
    log.info('district imported', { districtId: token.districtId, tokenFingerprint: fingerprint });
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

/** What reading a district's token needs; the match function's role may encrypt and decrypt tokens. */
export interface DistrictTokenDeps {
  store: Pick<OnboardingStore, 'getDistrict' | 'setDistrictToken' | 'setConnection' | 'appendAudit'>;
  cipher: TokenCipher;
  /** The district's current token as Clever's /oauth/tokens?district=ID lists it; undefined if none is listed. */
  lookUpToken(districtId: string): Promise<string | undefined>;
  log: OnboardingLogger;
  now?: () => Date;
}

/**
 * The one way anything gets a district's Clever token: the stored one when it decrypts under the district's
 * encryption context, else Clever's current one, re-stored encrypted. A 401 refreshes once; a district
 * Clever no longer lists, or whose freshly listed token is refused too, fails with a reason the app admin
 * can act on and is marked so that no new upload is accepted for it.
 */
export class DistrictTokens {
  constructor(private readonly deps: DistrictTokenDeps) {}

  /** The token to call Clever with for this district. */
  async current(districtId: string): Promise<string> {
    const district = await this.known(districtId);
    if (district.tokenCiphertext) {
      try {
        return await this.deps.cipher.decrypt(district.tokenCiphertext, tokenEncryptionContext(districtId));
      } catch (error) {
        // A ciphertext made for another district (copied rows) or under another key never yields a token:
        // Clever's current one replaces it.
        this.deps.log.warn('stored district token does not decrypt; asking Clever for the current one', {
          districtId,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    }
    const fresh = await this.listedToken(district);
    await this.storeToken(district, fresh);
    return fresh;
  }

  /** After Clever answered 401 to `rejected`: Clever's current token, re-stored. */
  async refreshRejected(districtId: string, rejected: string): Promise<string> {
    const district = await this.known(districtId);
    const fresh = await this.listedToken(district);
    if (fresh === rejected) throw await this.refused(districtId);
    await this.storeToken(district, fresh);
    return fresh;
  }

  private async known(districtId: string): Promise<DistrictRecord> {
    const district = await this.deps.store.getDistrict(districtId);
    if (district) return district;
    throw new ClientError(
      'DISTRICT_NOT_FOUND',
      `Clever district "${districtId}" is not known here. Import district tokens (POST /admin/tokens/import), then upload again.`,
      404,
    );
  }

  /**
   * Clever answered 401 to the token it lists for the district right now: marks the district as needing
   * attention and returns the error to end the caller's work with.
   */
  async refused(districtId: string): Promise<DomainError> {
    const at = currentTime(this.deps).toISOString();
    await this.deps.store.setConnection(districtId, 'needs_attention', at);
    await this.deps.store.appendAudit({
      districtId,
      at,
      actor: REFRESH_ACTOR,
      action: 'needs_attention',
      evidence: ['401 after token refresh'],
    });
    this.deps.log.warn('district token refused after refresh', { districtId });
    return new DomainError(
      'DISTRICT_TOKEN_REFUSED',
      `Clever refused the current token of district "${districtId}" even after it was refreshed from /oauth/tokens. The district is marked as needing attention: ask the district to check the app's access in Clever, import tokens again (POST /admin/tokens/import), then upload again.`,
    );
  }

  /** The token Clever lists for the district; a district it no longer lists is marked disconnected. */
  private async listedToken(district: DistrictRecord): Promise<string> {
    const { districtId } = district;
    const token = await this.deps.lookUpToken(districtId);
    if (token !== undefined) return token;
    const at = currentTime(this.deps).toISOString();
    await this.deps.store.setConnection(districtId, 'disconnected', at);
    if (district.connection !== 'disconnected')
      await this.deps.store.appendAudit({
        districtId,
        at,
        actor: REFRESH_ACTOR,
        action: 'disconnected',
        fromOrgId: district.orgId,
        evidence: ['token no longer listed by /oauth/tokens'],
      });
    this.deps.log.warn('district token no longer listed', { districtId });
    throw new ClientError(
      'DISTRICT_NOT_CONNECTED',
      `Clever no longer lists a token for district "${districtId}": the district disconnected the app or revoked its access. The district is marked as disconnected; ask the district to reconnect the app in Clever, import tokens again (POST /admin/tokens/import), then upload again.`,
      409,
    );
  }

  private async storeToken(district: DistrictRecord, token: string): Promise<void> {
    const { districtId } = district;
    const at = currentTime(this.deps).toISOString();
    const fingerprint = tokenFingerprint(token);
    const ciphertext = await this.deps.cipher.encrypt(token, tokenEncryptionContext(districtId));
    await this.deps.store.setDistrictToken(districtId, ciphertext, fingerprint, at);
    if (district.connection === 'disconnected')
      await this.deps.store.appendAudit({
        districtId,
        at,
        actor: REFRESH_ACTOR,
        action: 'reconnected',
        evidence: ['token listed again'],
      });
    this.deps.log.info('district token refreshed', { districtId, tokenFingerprint: fingerprint });
  }
}
