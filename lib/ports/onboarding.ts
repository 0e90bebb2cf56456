// Ports of the onboarding use cases. The domain sees storage, Clever and token encryption only through
// these interfaces; DynamoDB, KMS and the Clever HTTP client live in lib/adapters.
import type { CleverDistrict, CleverSchool, CleverUser } from '../clever/types.ts';
import type { PipelineLogger } from './logger.ts';

export type OrgProfile = Omit<OrgRecord, 'districtIds'>;

export interface OrgRecord {
  orgId: string;
  name: string;
  /** Two-letter US state of the organisation, when known. */
  usState?: string;
  mdrNumbers: string[];
  ncesIds: string[];
  /** Email domains the organisation's own users are known to use. */
  emailDomains: string[];
  /** Clever districts linked to this organisation. */
  districtIds: string[];
}

/** Whether the app still holds a district-app token for this district. */
export type ConnectionStatus = 'connected' | 'disconnected' | 'needs_attention' | 'not_connected';

export interface DistrictRecord {
  districtId: string;
  name?: string;
  mdrNumber?: string;
  ncesId?: string;
  /** Two-letter US state read from the district's schools (Clever's district `state` is its sync state). */
  usState?: string;
  schoolCount?: number;
  /** Email domains seen in the district's roster. */
  emailDomains: string[];
  connection: ConnectionStatus;
  orgId?: string;
  linkedAt?: string;
  linkedBy?: string;
  firstSeenAt: string;
  tokenSeenAt?: string;
  disconnectedAt?: string;
  tokenFingerprint?: string;
  tokenCiphertext?: string;
  /** Instant Login attempts while the district was not ready: evidence for the admin pick list. */
  loginAttempts: number;
  lastLoginAt?: string;
  loginUserTypes: string[];
  /** Link attempts refused because of a conflicting claim; each one is in the audit trail. */
  openConflicts: number;
}

export interface LinkStateRecord {
  /** SHA-256 of the handle: the handle itself is never stored, so a table read cannot forge a callback. */
  handleHash: string;
  orgId: string;
  createdBy: string;
  sessionHash: string;
  returnTo?: string;
  createdAt: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export type LinkStateRefusal = 'unknown' | 'used' | 'expired' | 'foreign_session';

export interface LoginSessionRecord {
  sessionHash: string;
  cleverUserId: string;
  districtId: string;
  orgId: string;
  userType: string;
  createdAt: string;
  expiresAt: number;
}

export type AuditAction =
  | 'link'
  | 'unlink'
  | 'relink'
  | 'auto_link'
  | 'link_refused'
  | 'disconnected'
  | 'reconnected'
  | 'needs_attention';

export interface AuditEntry {
  districtId: string;
  at: string;
  actor: string;
  action: AuditAction;
  fromOrgId?: string;
  toOrgId?: string;
  evidence: string[];
  reason?: string;
}

export interface DistrictImport {
  districtId: string;
  name: string;
  mdrNumber?: string;
  ncesId?: string;
  usState?: string;
  schoolCount: number;
  emailDomains: string[];
  tokenCiphertext: string;
  tokenFingerprint: string;
}

export type DistrictClaim = { ok: true; previousOrgId?: string } | { ok: false; currentOrgId?: string };

export interface OnboardingStore {
  /** Creates or updates an org's profile; never changes which districts are linked to it. */
  putOrg(org: OrgProfile): Promise<void>;
  getOrg(orgId: string): Promise<OrgRecord | undefined>;
  listOrgs(): Promise<OrgRecord[]>;

  getDistrict(districtId: string): Promise<DistrictRecord | undefined>;
  listDistricts(): Promise<DistrictRecord[]>;
  /** Creates or refreshes a district from /oauth/tokens; never touches its org link. */
  upsertImportedDistrict(district: DistrictImport, at: string): Promise<void>;
  setDistrictToken(
    districtId: string,
    tokenCiphertext: string,
    tokenFingerprint: string,
    at: string,
  ): Promise<void>;
  /** Drops the stored token and marks the district; the org link stays for the admin to review. */
  setConnection(
    districtId: string,
    connection: 'disconnected' | 'needs_attention',
    at: string,
  ): Promise<void>;
  /** Creates the district as pending if unknown, and counts the login as evidence. */
  recordLoginAttempt(districtId: string, userType: string, at: string): Promise<void>;
  recordConflict(districtId: string, at: string): Promise<void>;

  putLinkState(state: LinkStateRecord): Promise<void>;
  /** Deletes the state only if it exists, is unexpired and belongs to the session: single use, race-safe. */
  consumeLinkState(
    handleHash: string,
    sessionHash: string,
    nowEpochSeconds: number,
  ): Promise<{ ok: true; state: LinkStateRecord } | { ok: false; reason: LinkStateRefusal }>;
  /** Records an authorization code as spent; false if it was already spent (the code reached us twice). */
  claimAuthorizationCode(codeHash: string, expiresAt: number): Promise<boolean>;

  /**
   * Adds the district to the organisation. With `exclusive`, only if the org has no other district
   * (self-serve links); false when the org already belongs to another district or does not exist.
   */
  addDistrictToOrg(orgId: string, districtId: string, options: { exclusive: boolean }): Promise<boolean>;
  removeDistrictFromOrg(orgId: string, districtId: string): Promise<void>;
  /**
   * Points the district at the org, only if its current org is `expectedOrgId` (undefined = unlinked),
   * or is already `orgId`. Creates the district record if it does not exist yet.
   */
  setDistrictOrg(
    districtId: string,
    orgId: string | undefined,
    expectedOrgId: string | undefined,
    by: string,
    at: string,
  ): Promise<DistrictClaim>;

  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(districtId: string): Promise<AuditEntry[]>;

  putLoginSession(session: LoginSessionRecord): Promise<void>;
}

/** Why a Clever call failed, in the terms the use cases act on. Never carries a token or a code. */
export type CleverFailureKind = 'unauthorized' | 'invalid_grant' | 'not_found' | 'unavailable';

export class CleverCallError extends Error {
  constructor(
    readonly kind: CleverFailureKind,
    readonly status?: number,
  ) {
    super(`Clever call failed: ${kind}${status === undefined ? '' : ` (HTTP ${status})`}`);
    this.name = 'CleverCallError';
  }
}

export interface CleverIdentity {
  userId: string;
  districtId?: string;
  /** `district_admin`, `teacher`, `student`, … as far as Clever tells us. */
  userType: string;
}

export interface DistrictToken {
  districtId: string;
  accessToken: string;
}

/** What onboarding needs from Clever. Implementations throw CleverCallError. */
export interface CleverGateway {
  authorizeUrl(options: { redirectUri: string; state?: string; districtId?: string }): string;
  exchangeCode(code: string, redirectUri: string): Promise<string>;
  me(userToken: string): Promise<CleverIdentity>;
  listDistrictTokens(districtId?: string): Promise<DistrictToken[]>;
  getDistrict(districtId: string, token: string): Promise<CleverDistrict>;
  listSchools(token: string): AsyncIterable<CleverSchool>;
  listUsers(token: string): AsyncIterable<CleverUser>;
}

/** Encryption context names the district, so a ciphertext copied onto another district does not decrypt. */
export type EncryptionContext = Record<string, string>;

/**
 * The `purpose` in every district token's encryption context; the KMS key policy grants are conditioned on
 * it (infra/stacks/grants.ts), so the token key decrypts nothing else.
 */
export const TOKEN_CONTEXT_PURPOSE = 'clever-district-token';

export interface TokenCipher {
  encrypt(plaintext: string, context: EncryptionContext): Promise<string>;
  decrypt(ciphertext: string, context: EncryptionContext): Promise<string>;
}

/** Structured log lines; fields must never hold tokens, codes, secrets or student data. */
export type OnboardingLogger = Pick<PipelineLogger, 'info' | 'warn'>;

export interface OnboardingSettings {
  /** Our app's public origin, e.g. https://app.example.org: the base for relative redirects. */
  appBaseUrl: string;
  linkRedirectUri: string;
  loginRedirectUri: string;
  /** Lifetime of a link state; capped at 10 minutes. */
  linkStateTtlSeconds: number;
  loginSessionTtlSeconds: number;
}

export interface OnboardingDeps {
  store: OnboardingStore;
  clever: CleverGateway;
  cipher: TokenCipher;
  log: OnboardingLogger;
  settings: OnboardingSettings;
  now?: () => Date;
}

export function currentTime(deps: Pick<OnboardingDeps, 'now'>): Date {
  return deps.now ? deps.now() : new Date();
}
