// One HTTP exchange with Clever, made resilient: a per-attempt timeout that also covers reading the
// body, waits on 429 until `X-Ratelimit-Reset` (Clever's window is fixed per minute, so waiting for
// the reset is exact; without the header we back off with jitter), capped exponential backoff with
// jitter on 5xx, timeouts and network errors. Non-idempotent calls (the code exchange) are never
// retried: a code can be redeemed once, so a retry could only ever fail.
import {
  CleverNetworkError,
  CleverRateLimitError,
  CleverResponseError,
  CleverTimeoutError,
  errorForStatus,
  scrubSecrets,
} from './errors.ts';

export type FetchFunction = (input: URL, init: RequestInit) => Promise<Response>;

export interface RetryPolicy {
  /** Further attempts after the first one. */
  retries: number;
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Longest single wait for a rate-limit window to reset. */
  maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 4,
  timeoutMs: 30_000,
  backoffBaseMs: 250,
  backoffMaxMs: 8_000,
  maxRateLimitWaitMs: 61_000,
};

export type CleverAuth = { bearer: string } | { basic: { clientId: string; clientSecret: string } };

export interface CleverRequest {
  method: 'GET' | 'POST';
  url: URL;
  auth: CleverAuth;
  /** Sent as JSON. */
  body?: Record<string, string>;
  idempotent: boolean;
  /** Values besides the credentials that must never appear in an error (an OAuth code). */
  secrets?: string[];
}

export interface CleverResponse {
  status: number;
  body: unknown;
}

export interface Transport {
  send(request: CleverRequest): Promise<CleverResponse>;
}

export interface TransportOptions {
  fetch: FetchFunction;
  policy: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

const HTML_DETAIL_LENGTH = 200;

function authorizationHeader(auth: CleverAuth): string {
  if ('bearer' in auth) return `Bearer ${auth.bearer}`;
  const pair = `${auth.basic.clientId}:${auth.basic.clientSecret}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

function secretsOf(request: CleverRequest): string[] {
  const credentials = 'bearer' in request.auth ? [request.auth.bearer] : [request.auth.basic.clientSecret];
  return [...credentials, ...(request.secrets ?? [])];
}

/** Clever answers errors as `{message}`, OAuth errors as `{error, error_description}`, edges as HTML. */
export function errorDetail(contentType: string, text: string): string {
  if (contentType.includes('json')) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const parts = [parsed.message, parsed.error, parsed.error_description].filter(
        (part): part is string => typeof part === 'string' && part !== '',
      );
      if (parts.length > 0) return [...new Set(parts)].join(': ');
    } catch {
      // Fall through to the plain-text reduction below.
    }
  }
  const plain = text
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain === '') return 'empty response body';
  return plain.length > HTML_DETAIL_LENGTH ? `${plain.slice(0, HTML_DETAIL_LENGTH)}…` : plain;
}

class TimeoutSignal extends Error {}

export function createTransport(options: TransportOptions): Transport {
  const { policy } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  function backoffMs(attempt: number): number {
    const ceiling = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** attempt);
    return Math.round(ceiling * (0.5 + random() / 2));
  }

  function rateLimitWaitMs(headers: Headers, attempt: number): number {
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (!Number.isFinite(reset) || reset <= 0) return backoffMs(attempt);
    // A little jitter past the reset so many waiting workers do not all fire at the same instant.
    const wait = reset * 1000 - now() + Math.round(random() * 250);
    return Math.min(policy.maxRateLimitWaitMs, Math.max(0, wait));
  }

  async function attemptOnce(request: CleverRequest): Promise<{ response: Response; text: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutSignal()), policy.timeoutMs);
    try {
      const headers: Record<string, string> = {
        accept: 'application/json',
        authorization: authorizationHeader(request.auth),
      };
      if (request.body) headers['content-type'] = 'application/json';
      const response = await options.fetch(request.url, {
        method: request.method,
        headers,
        body: request.body ? JSON.stringify(request.body) : undefined,
        signal: controller.signal,
        redirect: 'manual',
      });
      const text = await response.text();
      return { response, text };
    } catch (error) {
      if (controller.signal.aborted) throw new TimeoutSignal();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function send(request: CleverRequest): Promise<CleverResponse> {
    const secrets = secretsOf(request);
    const path = scrubSecrets(`${request.url.pathname}${request.url.search}`, secrets);
    const failure = (detail: string, status?: number) => ({
      method: request.method,
      path,
      status,
      detail: scrubSecrets(detail, secrets),
    });
    const maxAttempts = request.idempotent ? policy.retries + 1 : 1;

    for (let attempt = 0; ; attempt++) {
      const lastAttempt = attempt + 1 >= maxAttempts;
      let outcome: { response: Response; text: string };
      try {
        outcome = await attemptOnce(request);
      } catch (error) {
        if (!lastAttempt) {
          await sleep(backoffMs(attempt));
          continue;
        }
        const tries = `after ${attempt + 1} attempt(s)`;
        if (error instanceof TimeoutSignal)
          throw new CleverTimeoutError(failure(`no answer within ${policy.timeoutMs} ms ${tries}`));
        const reason = error instanceof Error ? (error.cause ?? error).toString() : String(error);
        throw new CleverNetworkError(failure(`connection failed ${tries} (${reason})`));
      }

      const { response, text } = outcome;
      if (response.ok) {
        try {
          return { status: response.status, body: JSON.parse(text) };
        } catch {
          const detail = errorDetail(response.headers.get('content-type') ?? '', text);
          throw new CleverResponseError(failure(`expected JSON, got: ${detail}`, response.status));
        }
      }
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && !lastAttempt) {
        await sleep(
          response.status === 429 ? rateLimitWaitMs(response.headers, attempt) : backoffMs(attempt),
        );
        continue;
      }
      const detail = errorDetail(response.headers.get('content-type') ?? '', text);
      if (response.status === 429)
        throw new CleverRateLimitError(
          failure(`${detail} (still limited after ${attempt + 1} attempt(s))`, 429),
        );
      throw errorForStatus({ ...failure(detail), status: response.status });
    }
  }

  return { send };
}
