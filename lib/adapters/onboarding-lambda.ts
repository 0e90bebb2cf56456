// What every onboarding Lambda module builds once at initialisation (logger, use-case deps, admin auth),
// and the translation of the framework-free WebResult into an API Gateway result.

import { loadConfig } from '../config.ts';
import type { HttpResult } from '../http/responses.ts';
import type { WebResult } from '../onboarding/web-result.ts';
import { createLogger } from './logger.ts';
import { createOnboardingRuntime } from './onboarding-runtime.ts';

export function initOnboardingFunction(serviceName: string) {
  const config = loadConfig();
  const logger = createLogger(serviceName, config.logLevel);
  const deps = createOnboardingRuntime(config, logger);
  return { logger, deps, auth: { adminToken: config.adminToken } };
}

export function toHttpResult(result: WebResult): HttpResult {
  return {
    statusCode: result.status,
    headers: result.headers,
    cookies: result.cookies.length ? result.cookies : undefined,
    body: result.body,
  };
}

/** API Gateway v2 moves the Cookie header into `event.cookies`. */
export function cookieHeader(cookies: string[] | undefined): string | undefined {
  return cookies?.length ? cookies.join('; ') : undefined;
}
