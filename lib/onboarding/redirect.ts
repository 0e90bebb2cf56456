// Shared steps of both Clever redirect routes: refusing malformed queries, rendering the clean
// `?outcome=` pages, and redeeming an authorization code at most once.

import {
  CleverCallError,
  type CleverIdentity,
  currentTime,
  type OnboardingDeps,
} from '../ports/onboarding.ts';
import { type CallbackQuery, parseCallbackQuery } from './callback-query.ts';
import { isOutcome, type Outcome, outcomePage } from './outcomes.ts';
import { secretHash, type WebResult } from './web-result.ts';

export interface RedirectRequest {
  rawQuery?: string;
  cookieHeader?: string;
}

/**
 * Exchanges a code exactly once. A code that already reached us (refresh, back button) is refused before
 * Clever is called, because re-redeeming it makes Clever revoke what it issued.
 */
export async function redeemCodeOnce(
  deps: OnboardingDeps,
  code: string,
  redirectUri: string,
): Promise<{ ok: true; identity: CleverIdentity } | { ok: false; outcome: Outcome }> {
  const now = currentTime(deps);
  const codeLifetimeSeconds = 600;
  const fresh = await deps.store.claimAuthorizationCode(
    secretHash(code),
    Math.floor(now.getTime() / 1000) + codeLifetimeSeconds,
  );
  if (!fresh) return { ok: false, outcome: 'code_used' };
  try {
    const userToken = await deps.clever.exchangeCode(code, redirectUri);
    return { ok: true, identity: await deps.clever.me(userToken) };
  } catch (error) {
    if (!(error instanceof CleverCallError)) throw error;
    deps.log.warn('clever code exchange failed', { kind: error.kind, status: error.status });
    return { ok: false, outcome: error.kind === 'unavailable' ? 'clever_unavailable' : 'code_rejected' };
  }
}

/** Renders `?outcome=` pages, and refuses malformed requests, for both redirect routes. */
export function parseRedirect(
  request: RedirectRequest,
): { kind: 'page'; result: WebResult } | { kind: 'callback'; query: CallbackQuery } {
  const parsed = parseCallbackQuery(request.rawQuery);
  if (!parsed.ok) return { kind: 'page', result: outcomePage('bad_request') };
  const { query } = parsed;
  if (query.outcome !== undefined && query.code === undefined && query.state === undefined) {
    return { kind: 'page', result: outcomePage(isOutcome(query.outcome) ? query.outcome : 'bad_request') };
  }
  return { kind: 'callback', query };
}
