// Framework-free responses of the browser-facing OAuth routes. Every one of them carries no-store and
// no-referrer: the URLs that reach these routes hold single-use codes and state handles, which must not
// be cached or leak to another origin through the Referer header.
import { createHash, randomBytes } from 'node:crypto';
import { escapeHtml } from '../html.ts';

export interface WebResult {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  body?: string;
}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  // No third-party resources on pages that were reached with a code in the URL.
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

export function page(status: number, title: string, message: string, cookies: string[] = []): WebResult {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
  return {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' },
    cookies,
    body,
  };
}

/** 303 so the browser re-requests with GET and the code/state URL drops out of the history entry. */
export function seeOther(location: string, cookies: string[] = []): WebResult {
  return { status: 303, headers: { ...SECURITY_HEADERS, Location: location }, cookies };
}

/** A relative path on our own origin, or the fallback: open redirects are never followed. */
export function safeReturnTo(candidate: string | undefined, fallback: string): string {
  if (candidate === undefined || candidate.length === 0 || candidate.length > 512) return fallback;
  // Only "/x…": rejects "//host", "/\host", schemes, and control characters browsers strip or reinterpret.
  if (!/^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/.test(candidate)) return fallback;
  const parsed = new URL(candidate, 'https://origin.invalid');
  if (parsed.origin !== 'https://origin.invalid') return fallback;
  if (parsed.searchParams.has('code') || parsed.searchParams.has('state')) return fallback;
  return `${parsed.pathname}${parsed.search}`;
}

/** 256-bit random, URL-safe: unguessable per RFC 6749 §10.10. */
export function randomHandle(): string {
  return randomBytes(32).toString('base64url');
}

/** Hash under which secrets (state handles, codes, session ids) are stored and compared. */
export function secretHash(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** Short, non-reversible token fingerprint for logs and the admin view (reliability.md §2). */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 8);
}

export const LINK_SESSION_COOKIE = 'rm_link_session';
export const LOGIN_SESSION_COOKIE = 'rm_session';

export function sessionCookie(name: string, value: string, path: string, maxAgeSeconds: number): string {
  // SameSite=Lax: the cookie must ride along on the top-level redirect back from clever.com.
  return `${name}=${value}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Lax`;
}

export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}
