// Instant Login (the primary redirect URI): logins start at Clever and carry no state, so they may only
// sign in a user of an already linked, connected district. They never link anything; an unknown or
// unready district is recorded as pending, with the login as evidence for the admin pick list.

import { currentTime, type OnboardingDeps } from '../ports/onboarding.ts';
import { type Outcome, outcomePage, redirectToOutcome } from './outcomes.ts';
import { parseRedirect, type RedirectRequest, redeemCodeOnce } from './redirect.ts';
import {
  LOGIN_SESSION_COOKIE,
  randomHandle,
  secretHash,
  seeOther,
  sessionCookie,
  type WebResult,
} from './web-result.ts';

export async function handleInstantLogin(deps: OnboardingDeps, request: RedirectRequest): Promise<WebResult> {
  const parsedRedirect = parseRedirect(request);
  if (parsedRedirect.kind === 'page') return parsedRedirect.result;
  const { query } = parsedRedirect;
  const { store, log, settings } = deps;
  const now = currentTime(deps);
  const finish = (outcome: Outcome) => redirectToOutcome(settings.loginRedirectUri, outcome);

  if (query.error !== undefined) return finish('denied');
  if (query.code === undefined) return outcomePage('bad_request');
  const redeemed = await redeemCodeOnce(deps, query.code, settings.loginRedirectUri);
  if (!redeemed.ok) return finish(redeemed.outcome);
  const { identity } = redeemed;
  if (identity.districtId === undefined) return finish('no_district');

  const district = await store.getDistrict(identity.districtId);
  if (!district?.orgId || district.connection !== 'connected') {
    await store.recordLoginAttempt(identity.districtId, identity.userType, now.toISOString());
    log.info('instant login for a district that is not ready', {
      districtId: identity.districtId,
      userType: identity.userType,
    });
    return finish('setting_up');
  }

  // Accounts are keyed on Clever user id + district, never on email (Clever does not verify it); a new
  // login always replaces the browser's session because devices are shared.
  const sessionId = randomHandle();
  await store.putLoginSession({
    sessionHash: secretHash(sessionId),
    cleverUserId: identity.userId,
    districtId: district.districtId,
    orgId: district.orgId,
    userType: identity.userType,
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + settings.loginSessionTtlSeconds,
  });
  log.info('instant login', { districtId: district.districtId, orgId: district.orgId });
  return seeOther(new URL('/', settings.appBaseUrl).toString(), [
    sessionCookie(LOGIN_SESSION_COOKIE, sessionId, '/', settings.loginSessionTtlSeconds),
  ]);
}
