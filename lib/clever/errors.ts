// Typed failures of a Clever call. They name the method, the path and the status, and quote Clever's
// own message (HTML bodies reduced to text) so a user can act on them. They never carry a bearer
// token, a client secret or an OAuth code: the request's secrets are scrubbed from every message.
import { DomainError } from '../errors.ts';

export interface CleverFailure {
  method: string;
  /** Path and query only; secrets never travel in Clever URLs, the scrub below is the backstop. */
  path: string;
  status?: number;
  detail: string;
}

function describe(failure: CleverFailure): string {
  const status = failure.status === undefined ? '' : ` answered ${failure.status}`;
  return `Clever ${failure.method} ${failure.path}${status}: ${failure.detail}`;
}

export class CleverError extends DomainError {
  readonly status: number | undefined;
  readonly path: string;
  constructor(code: string, failure: CleverFailure) {
    super(code, describe(failure));
    this.status = failure.status;
    this.path = failure.path;
  }
}

/** 401 (bad or revoked token, wrong client secret) and OAuth `invalid_client`. */
export class CleverAuthError extends CleverError {
  constructor(failure: CleverFailure) {
    super('CLEVER_AUTH', failure);
  }
}

/** 404: the record does not exist, is not shared with this token, or was deleted. */
export class CleverNotFoundError extends CleverError {
  constructor(failure: CleverFailure) {
    super('CLEVER_NOT_FOUND', failure);
  }
}

/** 400/413/other 4xx: the request itself is wrong (an expired or reused code, a too large `limit`). */
export class CleverRequestError extends CleverError {
  constructor(failure: CleverFailure) {
    super('CLEVER_BAD_REQUEST', failure);
  }
}

/** 429 still answered after the allowed waits. */
export class CleverRateLimitError extends CleverError {
  constructor(failure: CleverFailure) {
    super('CLEVER_RATE_LIMITED', failure);
  }
}

/** 5xx still answered after the allowed retries. */
export class CleverServerError extends CleverError {
  constructor(failure: CleverFailure) {
    super('CLEVER_UNAVAILABLE', failure);
  }
}

/** No answer within the per-request timeout, after the allowed retries. */
export class CleverTimeoutError extends CleverError {
  constructor(failure: CleverFailure) {
    super('CLEVER_TIMEOUT', failure);
  }
}

/** The connection failed (DNS, refused, reset), after the allowed retries. */
export class CleverNetworkError extends CleverError {
  constructor(failure: CleverFailure) {
    super('CLEVER_NETWORK', failure);
  }
}

/** A 2xx whose body is not the documented shape. */
export class CleverResponseError extends CleverError {
  constructor(failure: CleverFailure) {
    super('CLEVER_BAD_RESPONSE', failure);
  }
}

export function errorForStatus(failure: CleverFailure & { status: number }): CleverError {
  if (failure.status === 401 || failure.status === 403) return new CleverAuthError(failure);
  if (failure.status === 404) return new CleverNotFoundError(failure);
  if (failure.status === 429) return new CleverRateLimitError(failure);
  if (failure.status >= 500) return new CleverServerError(failure);
  return new CleverRequestError(failure);
}

/** Replaces every occurrence of each secret (token, client secret, code) with a fixed mask. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) scrubbed = scrubbed.split(secret).join('[redacted]');
  }
  return scrubbed;
}
