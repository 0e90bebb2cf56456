// Error paths a real Clever (or the emulator) cannot be made to produce: a next link that leaves the
// API origin or loops. The fetch function is injected, as the client allows.
import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, createCleverClient } from '../../../lib/clever/client.ts';
import { CleverResponseError } from '../../../lib/clever/errors.ts';

function pageWithNext(next: string) {
  return JSON.stringify({
    data: [{ data: { id: '65a00000000000000000a101' }, uri: '/v3.0/users/65a00000000000000000a101' }],
    links: [
      { rel: 'self', uri: '/v3.0/users' },
      { rel: 'next', uri: next },
    ],
  });
}

async function drain(iterable: AsyncIterable<unknown>) {
  for await (const _ of iterable);
}

describe('createCleverClient paging guards', () => {
  it('refuses to follow a next link to another origin, so the token is never sent there', async () => {
    const requested: string[] = [];
    const client = createCleverClient({
      apiBase: 'https://api.clever.com',
      fetch: async (url) => {
        requested.push(url.origin);
        return new Response(pageWithNext('https://evil.example/v3.0/users?starting_after=x'), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    await expect(drain(client.listUsers({ token: 't0ken-value' }))).rejects.toBeInstanceOf(
      CleverResponseError,
    );
    expect(requested).toEqual(['https://api.clever.com']);
  });

  it('stops with an error instead of looping when next points at the same page', async () => {
    const client = createCleverClient({
      apiBase: 'https://api.clever.com/v3.0/',
      pageSize: 1,
      fetch: async () =>
        new Response(pageWithNext('/v3.0/users?limit=1'), {
          headers: { 'content-type': 'application/json' },
        }),
    });
    await expect(drain(client.listUsers({ token: 't0ken-value' }))).rejects.toThrow(/same page/);
  });
});

describe('listDistrictTokens paging guard', () => {
  it('refuses a next link that leaves the OAuth origin, so the client secret is never sent there', async () => {
    const requested: string[] = [];
    const client = createCleverClient({
      oauthBase: 'https://clever.com',
      fetch: async (url) => {
        requested.push(url.origin);
        return new Response(
          JSON.stringify({ data: [], links: [{ rel: 'next', uri: '@evil.example/oauth/tokens?page=2' }] }),
          { headers: { 'content-type': 'application/json' } },
        );
      },
    });
    const listing = client.listDistrictTokens({
      credentials: { clientId: 'app', clientSecret: 's3cret-value' },
    });
    await expect(listing).rejects.toBeInstanceOf(CleverResponseError);
    expect(requested).toEqual(['https://clever.com']);
  });
});

describe('buildAuthorizeUrl', () => {
  it('carries client_id, redirect_uri, response_type=code, state and district_id', () => {
    const url = new URL(
      buildAuthorizeUrl('https://clever.com/', {
        clientId: 'abc',
        redirectUri: 'https://app.example/oauth/clever/link',
        state: 'st&te',
        districtId: '65a0000000000000000000d1',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://clever.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'abc',
      redirect_uri: 'https://app.example/oauth/clever/link',
      state: 'st&te',
      district_id: '65a0000000000000000000d1',
    });
  });

  it('omits state and district_id when not given (portal-style flows)', () => {
    const url = new URL(
      buildAuthorizeUrl('https://clever.com', { clientId: 'abc', redirectUri: 'https://a.example/cb' }),
    );
    expect(url.searchParams.has('state')).toBe(false);
    expect(url.searchParams.has('district_id')).toBe(false);
  });
});
