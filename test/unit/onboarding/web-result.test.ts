import { describe, expect, it } from 'vitest';
import { parseCallbackQuery } from '../../../lib/onboarding/callback-query.ts';
import { page, readCookie, safeReturnTo, seeOther } from '../../../lib/onboarding/web-result.ts';

describe('safeReturnTo', () => {
  it.each([
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    'javascript:alert(1)',
    ' /settings',
    '/settings\r\nSet-Cookie: x=y',
    '/next?code=abc',
  ])('ignores %j and falls back to the default page', (candidate) => {
    expect(safeReturnTo(candidate, '/')).toBe('/');
  });

  it('keeps a path on our own origin', () => {
    expect(safeReturnTo('/admin/districts?status=linked', '/')).toBe('/admin/districts?status=linked');
  });
});

describe('responses of the redirect routes', () => {
  it('always carry no-store and no-referrer, on pages and redirects alike', () => {
    for (const result of [page(200, 'T', 'M'), seeOther('/x')]) {
      expect(result.headers['Cache-Control']).toBe('no-store');
      expect(result.headers['Referrer-Policy']).toBe('no-referrer');
    }
  });

  it('escape text placed into a page', () => {
    expect(page(400, '<b>', '"x" & <script>').body).not.toMatch(/<script>|<b>/);
  });
});

describe('parseCallbackQuery', () => {
  it('refuses a duplicated code or state', () => {
    expect(parseCallbackQuery('code=a&code=b').ok).toBe(false);
    expect(parseCallbackQuery('code=a&state=x&state=y').ok).toBe(false);
  });

  it('refuses an 8 KB parameter', () => {
    expect(parseCallbackQuery(`code=${'a'.repeat(8192)}`).ok).toBe(false);
  });

  it('treats an empty code as missing', () => {
    expect(parseCallbackQuery('code=&state=s')).toEqual({ ok: true, query: { state: 's' } });
  });
});

describe('readCookie', () => {
  it('finds one cookie among several', () => {
    expect(readCookie('a=1; rm_link_session=abc; b=2', 'rm_link_session')).toBe('abc');
    expect(readCookie(undefined, 'rm_link_session')).toBeUndefined();
  });
});
