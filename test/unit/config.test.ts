import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_MAX_UPLOAD_BYTES, parseConfig } from '../../lib/config.ts';

const minimal = { BUCKET_NAME: 'bucket', TABLE_NAME: 'table' };

describe('configuration', () => {
  it('fills safe defaults: links and uploads valid 15 minutes, no attachment, 50 MiB uploads', () => {
    const config = parseConfig(minimal);
    expect(config.uploads).toEqual({
      maxBytes: DEFAULT_MAX_UPLOAD_BYTES,
      urlExpirySeconds: 900,
      resultLinkExpirySeconds: 900,
    });
    expect(config.email.attachResult).toBe(false);
    expect(config.adminToken).toBeUndefined();
    expect(config.aws.endpoints.s3).toBeUndefined();
  });

  it('parses lists, flags and numbers from their string forms', () => {
    const config = parseConfig({
      ...minimal,
      CLEVER_REDIRECT_URIS: 'https://a/link, https://a/login',
      ATTACH_RESULT: 'true',
      ATTACHMENT_MAX_BYTES: '1024',
      PUBLIC_BASE_URL: 'https://app.example.org/',
    });
    expect(config.clever.redirectUris).toEqual(['https://a/link', 'https://a/login']);
    expect(config.email).toMatchObject({ attachResult: true, attachmentMaxBytes: 1024 });
    expect(config.publicBaseUrl).toBe('https://app.example.org');
  });

  it('names every bad variable and never echoes a value', () => {
    const attempt = () =>
      parseConfig({
        TABLE_NAME: 't',
        RESULT_LINK_EXPIRY_SECONDS: '86400',
        ADMIN_TOKEN: 'short',
        SENDER_EMAIL: 'x',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['BUCKET_NAME', 'RESULT_LINK_EXPIRY_SECONDS', 'ADMIN_TOKEN', 'SENDER_EMAIL'])
        expect(message).toContain(name);
      expect(message).not.toContain('short');
    }
  });
});
