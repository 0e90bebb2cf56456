// State-linked "Log in with Clever": an app admin mints a link for an organisation, a district admin
// follows it, and the callback links the district from /me to that organisation. The state is an opaque
// server-side handle (never an org id), single use, ≤ 10 minutes, and bound to the creating browser.
import { ClientError } from '../errors.ts';
import { currentTime, type OnboardingDeps } from '../ports/onboarding.ts';
import { type Outcome, outcomePage, redirectToOutcome } from './outcomes.ts';
import { parseRedirect, type RedirectRequest, redeemCodeOnce } from './redirect.ts';
import {
  LINK_SESSION_COOKIE,
  randomHandle,
  readCookie,
  safeReturnTo,
  secretHash,
  seeOther,
  sessionCookie,
  type WebResult,
} from './web-result.ts';

const MAX_LINK_STATE_SECONDS = 600;
const DEFAULT_RETURN_PATH = '/';

export interface CreateLinkUrlInput {
  orgId: string;
  /** Who asked for the link (the authenticated app admin). */
  actor: string;
  cookieHeader?: string;
  returnTo?: string;
}

export interface CreatedLinkUrl {
  url: string;
  expiresAt: string;
  /** Set-Cookie values binding the state to this browser. */
  cookies: string[];
}

export async function createLinkUrl(
  deps: OnboardingDeps,
  input: CreateLinkUrlInput,
): Promise<CreatedLinkUrl> {
  const { store, clever, settings } = deps;
  const now = currentTime(deps);
  const org = await store.getOrg(input.orgId);
  if (!org) throw new ClientError('ORG_NOT_FOUND', `Organisation "${input.orgId}" does not exist.`, 404);

  const ttl = Math.min(settings.linkStateTtlSeconds, MAX_LINK_STATE_SECONDS);
  const existingSession = readCookie(input.cookieHeader, LINK_SESSION_COOKIE);
  const browserSession = existingSession && existingSession.length >= 32 ? existingSession : randomHandle();
  const handle = randomHandle();
  const expiresAtSeconds = Math.floor(now.getTime() / 1000) + ttl;
  await store.putLinkState({
    handleHash: secretHash(handle),
    orgId: org.orgId,
    createdBy: input.actor,
    sessionHash: secretHash(browserSession),
    returnTo: safeReturnTo(input.returnTo, DEFAULT_RETURN_PATH),
    createdAt: now.toISOString(),
    expiresAt: expiresAtSeconds,
  });
  deps.log.info('link state created', { orgId: org.orgId, actor: input.actor });
  return {
    url: clever.authorizeUrl({ redirectUri: settings.linkRedirectUri, state: handle }),
    expiresAt: new Date(expiresAtSeconds * 1000).toISOString(),
    cookies: [sessionCookie(LINK_SESSION_COOKIE, browserSession, '/', ttl)],
  };
}

export async function handleLinkCallback(deps: OnboardingDeps, request: RedirectRequest): Promise<WebResult> {
  const parsedRedirect = parseRedirect(request);
  if (parsedRedirect.kind === 'page') return parsedRedirect.result;
  const { query } = parsedRedirect;
  const { store, log, settings } = deps;
  const now = currentTime(deps);
  const finish = (outcome: Outcome) => redirectToOutcome(settings.linkRedirectUri, outcome);

  // A callback without state may never create a link (reliability.md §1).
  if (query.state === undefined) return finish(query.error ? 'denied' : 'invalid_state');
  // Refused before the state is touched, so a malformed request cannot burn a valid link.
  if (query.code === undefined && query.error === undefined) return outcomePage('bad_request');
  const browserSession = readCookie(request.cookieHeader, LINK_SESSION_COOKIE) ?? '';
  const consumed = await store.consumeLinkState(
    secretHash(query.state),
    secretHash(browserSession),
    Math.floor(now.getTime() / 1000),
  );
  if (!consumed.ok) {
    log.warn('link state refused', { reason: consumed.reason });
    const refusal: Record<typeof consumed.reason, Outcome> = {
      unknown: 'invalid_state',
      used: 'used_state',
      expired: 'expired_state',
      foreign_session: 'foreign_session',
    };
    return finish(refusal[consumed.reason]);
  }
  const { state } = consumed;
  if (query.error !== undefined) {
    log.info('link declined at clever', { orgId: state.orgId });
    return finish('denied');
  }
  if (query.code === undefined) return outcomePage('bad_request');
  const redeemed = await redeemCodeOnce(deps, query.code, settings.linkRedirectUri);
  if (!redeemed.ok) return finish(redeemed.outcome);
  const { identity } = redeemed;
  if (identity.districtId === undefined) return finish('no_district');
  const districtId = identity.districtId;
  const at = now.toISOString();
  const evidence = [
    `clever ${identity.userType} ${identity.userId} followed a link made by ${state.createdBy}`,
  ];

  const refuse = async (reason: string, outcome: Outcome) => {
    await store.appendAudit({
      districtId,
      at,
      actor: `clever:${identity.userId}`,
      action: 'link_refused',
      toOrgId: state.orgId,
      evidence,
      reason,
    });
    await store.recordConflict(districtId, at);
    log.warn('district link refused', { districtId, orgId: state.orgId, reason });
    return finish(outcome);
  };

  if (identity.userType !== 'district_admin') return refuse('not_district_admin', 'not_district_admin');

  const orgBefore = await store.getOrg(state.orgId);
  if (!orgBefore) return refuse('org_no_longer_exists', 'invalid_state');
  const orgAlreadyHadDistrict = orgBefore.districtIds.includes(districtId);
  const orgClaimed = await store.addDistrictToOrg(state.orgId, districtId, { exclusive: true });
  if (!orgClaimed) return refuse('org_linked_to_another_district', 'conflict');
  const claim = await store.setDistrictOrg(
    districtId,
    state.orgId,
    undefined,
    `clever:${identity.userId}`,
    at,
  );
  if (!claim.ok) {
    if (!orgAlreadyHadDistrict) await store.removeDistrictFromOrg(state.orgId, districtId);
    return refuse(`district_linked_to_org ${claim.currentOrgId ?? 'unknown'}`, 'conflict');
  }
  if (claim.previousOrgId === state.orgId) return finish('already_linked');
  await store.appendAudit({
    districtId,
    at,
    actor: `clever:${identity.userId}`,
    action: 'link',
    toOrgId: state.orgId,
    evidence,
  });
  log.info('district linked', { districtId, orgId: state.orgId });
  const returnPath = state.returnTo ?? DEFAULT_RETURN_PATH;
  if (returnPath === DEFAULT_RETURN_PATH) return finish('linked');
  return seeOther(new URL(returnPath, settings.appBaseUrl).toString());
}
