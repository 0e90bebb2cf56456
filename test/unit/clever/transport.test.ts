import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../../lib/clever/errors.ts';
import { errorDetail } from '../../../lib/clever/transport.ts';

describe('errorDetail', () => {
  it('quotes a Data API {message} body', () => {
    expect(errorDetail('application/json; charset=utf-8', '{"message":"Resource not found"}')).toBe(
      'Resource not found',
    );
  });

  it('joins an OAuth error code and its description', () => {
    const body = '{"error":"invalid_grant","error_description":"Invalid grant: invalid code"}';
    expect(errorDetail('application/json', body)).toBe('invalid_grant: Invalid grant: invalid code');
  });

  it('reduces an HTML error page to its visible text', () => {
    const page =
      '<!DOCTYPE html><html><head><style>p{}</style><title>Error</title></head><body><pre>Cannot GET /v3.0/resources</pre></body></html>';
    expect(errorDetail('text/html', page)).toBe('Error Cannot GET /v3.0/resources');
  });

  it('shortens a long body and names an empty one', () => {
    expect(errorDetail('text/plain', 'x'.repeat(500))).toHaveLength(201);
    expect(errorDetail('application/json', '')).toBe('empty response body');
  });
});

describe('scrubSecrets', () => {
  it('masks every occurrence of every secret', () => {
    expect(scrubSecrets('token abcd1234 and again abcd1234, secret s3cr3t', ['abcd1234', 's3cr3t'])).toBe(
      'token [redacted] and again [redacted], secret [redacted]',
    );
  });

  it('ignores missing and too-short values rather than masking ordinary text', () => {
    expect(scrubSecrets('a b c', [undefined, '', 'a'])).toBe('a b c');
  });
});
