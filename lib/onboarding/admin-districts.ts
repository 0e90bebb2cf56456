// The admin pick list and manual link / unlink / correction. Every change is a conditional write on the
// value the admin saw, so two admins acting at once cannot silently overwrite each other, and every change
// lands in the audit trail with who, when, from what, to what and on which evidence.
import { ClientError } from '../errors.ts';
import {
  type AuditEntry,
  currentTime,
  type DistrictRecord,
  type OnboardingDeps,
} from '../ports/onboarding.ts';
import { normaliseDistrictName } from './district-name.ts';
import {
  type CandidateOrg,
  type DistrictRelations,
  rankCandidateOrgs,
  relatedDistricts,
} from './rank-candidates.ts';

export const DISTRICT_STATUSES = [
  'linked',
  'unlinked',
  'pending',
  'disconnected',
  'needs_attention',
  'conflict',
] as const;
export type DistrictStatusFilter = (typeof DISTRICT_STATUSES)[number];

export interface AdminDistrictView {
  districtId: string;
  name?: string;
  usState?: string;
  mdrNumber?: string;
  ncesId?: string;
  schoolCount?: number;
  status: 'linked' | 'unlinked' | 'pending';
  connection: DistrictRecord['connection'];
  orgId?: string;
  tokenSeenAt?: string;
  disconnectedAt?: string;
  tokenFingerprint?: string;
  emailDomains: string[];
  instantLogin: { attempts: number; lastAt?: string; userTypes: string[] };
  openConflicts: number;
  relations: DistrictRelations;
  candidates: CandidateOrg[];
}

function linkStatus(district: DistrictRecord): AdminDistrictView['status'] {
  if (district.orgId) return 'linked';
  return district.connection === 'not_connected' ? 'pending' : 'unlinked';
}

function matchesStatus(district: DistrictRecord, status: DistrictStatusFilter | undefined): boolean {
  if (status === undefined) return true;
  if (status === 'conflict') return district.openConflicts > 0;
  if (status === 'disconnected' || status === 'needs_attention') return district.connection === status;
  return linkStatus(district) === status;
}

function matchesQuery(district: DistrictRecord, query: string | undefined): boolean {
  const wanted = query?.trim();
  if (!wanted) return true;
  const lowered = wanted.toLowerCase();
  if (district.districtId.toLowerCase().startsWith(lowered)) return true;
  if ([district.mdrNumber, district.ncesId].some((number) => number?.trim().toLowerCase() === lowered))
    return true;
  const name = normaliseDistrictName(district.name ?? '');
  const searched = normaliseDistrictName(wanted);
  return searched !== '' && name.includes(searched);
}

export async function listDistrictsForAdmin(
  deps: OnboardingDeps,
  filter: { status?: DistrictStatusFilter; q?: string },
): Promise<AdminDistrictView[]> {
  const [districts, orgs] = await Promise.all([deps.store.listDistricts(), deps.store.listOrgs()]);
  return districts
    .filter((district) => matchesStatus(district, filter.status) && matchesQuery(district, filter.q))
    .map((district) => ({
      districtId: district.districtId,
      name: district.name,
      usState: district.usState,
      mdrNumber: district.mdrNumber,
      ncesId: district.ncesId,
      schoolCount: district.schoolCount,
      status: linkStatus(district),
      connection: district.connection,
      orgId: district.orgId,
      tokenSeenAt: district.tokenSeenAt,
      disconnectedAt: district.disconnectedAt,
      tokenFingerprint: district.tokenFingerprint,
      emailDomains: district.emailDomains,
      instantLogin: {
        attempts: district.loginAttempts,
        lastAt: district.lastLoginAt,
        userTypes: district.loginUserTypes,
      },
      openConflicts: district.openConflicts,
      relations: relatedDistricts(district, districts),
      candidates: district.orgId ? [] : rankCandidateOrgs(district, orgs),
    }))
    .sort(
      (a, b) =>
        (b.candidates[0]?.score ?? 0) - (a.candidates[0]?.score ?? 0) ||
        a.districtId.localeCompare(b.districtId),
    );
}

export interface SetDistrictOrgInput {
  districtId: string;
  /** The new org, or undefined to unlink. */
  orgId: string | undefined;
  actor: string;
  /**
   * The org the admin saw on screen (null = unlinked). When given, the change applies only if nobody
   * changed the link since; when omitted, the value read just before the write is used.
   */
  expectedOrgId?: string | null;
  evidence?: string[];
}

export async function setDistrictOrg(
  deps: OnboardingDeps,
  input: SetDistrictOrgInput,
): Promise<AuditEntry | undefined> {
  const { store, log } = deps;
  const at = currentTime(deps).toISOString();
  const district = await store.getDistrict(input.districtId);
  if (!district)
    throw new ClientError('DISTRICT_NOT_FOUND', `District "${input.districtId}" is not known.`, 404);
  const expected = input.expectedOrgId === undefined ? district.orgId : (input.expectedOrgId ?? undefined);
  if (district.orgId !== expected) throw staleLink(input.districtId);
  if (district.orgId === input.orgId) return undefined;

  let evidence = input.evidence ?? [];
  if (input.orgId !== undefined) {
    const org = await store.getOrg(input.orgId);
    if (!org) throw new ClientError('ORG_NOT_FOUND', `Organisation "${input.orgId}" does not exist.`, 404);
    if (evidence.length === 0) {
      evidence = rankCandidateOrgs(district, [org])[0]?.evidence ?? [
        'chosen by admin without other evidence',
      ];
    }
    // An explicit admin choice may attach a second Clever account of the same district to an org.
    await store.addDistrictToOrg(input.orgId, input.districtId, { exclusive: false });
  }
  const claim = await store.setDistrictOrg(input.districtId, input.orgId, expected, input.actor, at);
  if (!claim.ok) {
    if (input.orgId !== undefined) await store.removeDistrictFromOrg(input.orgId, input.districtId);
    throw staleLink(input.districtId);
  }
  if (expected !== undefined) await store.removeDistrictFromOrg(expected, input.districtId);
  const entry: AuditEntry = {
    districtId: input.districtId,
    at,
    actor: input.actor,
    action: input.orgId === undefined ? 'unlink' : expected === undefined ? 'link' : 'relink',
    fromOrgId: expected,
    toOrgId: input.orgId,
    evidence,
  };
  await store.appendAudit(entry);
  log.info('district org changed by admin', {
    districtId: input.districtId,
    action: entry.action,
    fromOrgId: expected,
    toOrgId: input.orgId,
  });
  return entry;
}

function staleLink(districtId: string): ClientError {
  return new ClientError(
    'DISTRICT_LINK_CHANGED',
    `District "${districtId}" was linked or unlinked by someone else meanwhile; reload and try again.`,
    409,
  );
}
