// Runtime configuration: one zod schema, parsed once per process from the environment. Every entry point
// (Lambda composition roots, the local stack, scripts) calls `loadConfig()`; nothing else reads process.env.
// Defaults are the safe production choices; the local stack sets endpoints and the admin token.
import { z } from 'zod';

const optionalUrl = z.url().optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1');
const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

/** The maximum CSV size the presigned POST accepts (content-length-range upper bound): 50 MiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Attachments stay well under the SES v2 40 MB (after base64) message limit. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
/** Local-only admin token default (documented in the README); never used in AWS, where a JWT authorizer runs. */
export const LOCAL_ADMIN_TOKEN_DEFAULT = 'local-admin-token';

const environmentSchema = z.object({
  AWS_REGION: z.string().default('us-east-1'),
  // Local servers (s3rver, dynalite, aws-ses-v2-local). Unset in AWS.
  AWS_ENDPOINT_URL_S3: optionalUrl,
  AWS_ENDPOINT_URL_DYNAMODB: optionalUrl,
  AWS_ENDPOINT_URL_SESV2: optionalUrl,
  AWS_ENDPOINT_URL_KMS: optionalUrl,
  BUCKET_NAME: z.string().min(3),
  TABLE_NAME: z.string().min(1),
  SENDER_EMAIL: z.email().default('rostermatch@example.org'),
  SES_CONFIGURATION_SET: z.string().optional(),
  /** Seconds a presigned result link (GET) stays valid; ≤15 minutes (reliability.md §5). */
  RESULT_LINK_EXPIRY_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
  /** Seconds a presigned upload (POST) stays valid; ≤15 minutes. */
  UPLOAD_URL_EXPIRY_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
  ATTACH_RESULT: booleanFlag,
  ATTACHMENT_MAX_BYTES: positiveInt(DEFAULT_ATTACHMENT_MAX_BYTES),
  MAX_UPLOAD_BYTES: positiveInt(DEFAULT_MAX_UPLOAD_BYTES),
  /** Base URL of the API/console, used for links in emails. */
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3000'),
  /** Set only on the local stack: admin routes then require `Authorization: Bearer <token>`. */
  ADMIN_TOKEN: z.string().min(8).optional(),
  CLEVER_API_BASE: z.url().default('https://api.clever.com'),
  CLEVER_OAUTH_BASE: z.url().default('https://clever.com'),
  CLEVER_CLIENT_ID: z.string().default(''),
  /** Local only; in AWS the secret is read from Secrets Manager (CLEVER_CLIENT_SECRET_ARN). */
  CLEVER_CLIENT_SECRET: z.string().optional(),
  CLEVER_CLIENT_SECRET_ARN: z.string().optional(),
  CLEVER_REDIRECT_URIS: commaList,
  KMS_KEY_ID: z.string().optional(),
  // Onboarding (issue 5). Redirect URIs default to <PUBLIC_BASE_URL>/oauth/clever/{link,login}; the login
  // one must be the FIRST URI registered with Clever (Instant Login and portal launches use it).
  CLEVER_LINK_REDIRECT_URI: optionalUrl,
  CLEVER_LOGIN_REDIRECT_URI: optionalUrl,
  /** Link states live at most 10 minutes (reliability.md §1). */
  LINK_STATE_TTL_SECONDS: z.coerce.number().int().min(60).max(600).default(600),
  LOGIN_SESSION_TTL_SECONDS: z.coerce.number().int().min(300).max(86_400).default(28_800),
  /** Local only: base64 32-byte AES key standing in for KMS. In AWS, KMS_KEY_ID is used instead. */
  LOCAL_TOKEN_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
});

export type Environment = z.input<typeof environmentSchema>;

function toConfig(env: z.output<typeof environmentSchema>) {
  const publicBaseUrl = env.PUBLIC_BASE_URL.replace(/\/$/, '');
  return {
    aws: {
      region: env.AWS_REGION,
      endpoints: {
        s3: env.AWS_ENDPOINT_URL_S3,
        dynamodb: env.AWS_ENDPOINT_URL_DYNAMODB,
        sesv2: env.AWS_ENDPOINT_URL_SESV2,
        kms: env.AWS_ENDPOINT_URL_KMS,
      },
    },
    bucketName: env.BUCKET_NAME,
    tableName: env.TABLE_NAME,
    email: {
      sender: env.SENDER_EMAIL,
      configurationSet: env.SES_CONFIGURATION_SET,
      attachResult: env.ATTACH_RESULT,
      attachmentMaxBytes: env.ATTACHMENT_MAX_BYTES,
    },
    uploads: {
      maxBytes: env.MAX_UPLOAD_BYTES,
      urlExpirySeconds: env.UPLOAD_URL_EXPIRY_SECONDS,
      resultLinkExpirySeconds: env.RESULT_LINK_EXPIRY_SECONDS,
    },
    publicBaseUrl,
    adminToken: env.ADMIN_TOKEN,
    clever: {
      apiBase: env.CLEVER_API_BASE.replace(/\/$/, ''),
      oauthBase: env.CLEVER_OAUTH_BASE.replace(/\/$/, ''),
      clientId: env.CLEVER_CLIENT_ID,
      clientSecret: env.CLEVER_CLIENT_SECRET,
      clientSecretArn: env.CLEVER_CLIENT_SECRET_ARN,
      redirectUris: env.CLEVER_REDIRECT_URIS,
    },
    kmsKeyId: env.KMS_KEY_ID,
    onboarding: {
      linkRedirectUri: env.CLEVER_LINK_REDIRECT_URI ?? `${publicBaseUrl}/oauth/clever/link`,
      loginRedirectUri: env.CLEVER_LOGIN_REDIRECT_URI ?? `${publicBaseUrl}/oauth/clever/login`,
      linkStateTtlSeconds: env.LINK_STATE_TTL_SECONDS,
      loginSessionTtlSeconds: env.LOGIN_SESSION_TTL_SECONDS,
      localTokenKey: env.LOCAL_TOKEN_KEY,
    },
    logLevel: env.LOG_LEVEL,
  };
}

export type Config = ReturnType<typeof toConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment into a Config; the message names each bad variable (values are never echoed). */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return toConfig(parsed.data);
}

let cached: Config | undefined;

/** The process-wide configuration, parsed from process.env on first use. */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
