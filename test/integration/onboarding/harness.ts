// Onboarding against the real local servers: dynalite from test/global-setup.ts (one fresh table per
// harness) and an in-process Clever emulator serving small hand-shaped districts. Browser steps are
// done the way a browser does them: follow the authorize URL, read the redirect, call our callback.
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import type { CleverEmulatorServer, EmulatorClient } from '../../../dev/clever-emulator/server.ts';
import { startCleverEmulatorServer } from '../../../dev/clever-emulator/server.ts';
import { createAwsClients } from '../../../lib/adapters/aws-clients.ts';
import { createOnboardingRuntime } from '../../../lib/adapters/onboarding-runtime.ts';
import { createLocalTable } from '../../../lib/adapters/table-schema.ts';
import { generateLocalTokenKey } from '../../../lib/adapters/token-cipher.ts';
import { parseConfig } from '../../../lib/config.ts';
import type { CreatedLinkUrl } from '../../../lib/onboarding/link.ts';
import { handleLinkCallback } from '../../../lib/onboarding/link.ts';
import type { WebResult } from '../../../lib/onboarding/web-result.ts';
import type { OnboardingDeps, OrgProfile } from '../../../lib/ports/onboarding.ts';
import { CapturingLogger } from '../pipeline/harness.ts';
import { type OnboardingDistrict, type OnboardingDistrictSpec, onboardingDistrict } from './districts.ts';

export const APP_BASE = 'https://app.example.test';
export const LINK_URI = `${APP_BASE}/oauth/clever/link`;
export const LOGIN_URI = `${APP_BASE}/oauth/clever/login`;

export const TEST_CLIENT: EmulatorClient = {
  clientId: 'onboarding-test-client',
  clientSecret: `secret-${randomUUID()}`,
  redirectUris: [LOGIN_URI, LINK_URI],
};

export interface Harness {
  deps: OnboardingDeps;
  log: CapturingLogger;
  emulator: CleverEmulatorServer;
  districts: OnboardingDistrict[];
  table: string;
  /** Moves our clock (not the emulator's) forward. */
  advanceClock(ms: number): void;
  addOrg(org: Partial<OrgProfile> & { orgId: string }): Promise<void>;
  /** Follows a "Log in with Clever" URL as `userId` and returns the query Clever redirects back with. */
  authorize(url: string, userId: string, extra?: Record<string, string>): Promise<URL>;
  /** A district admin's whole browser round trip for a link URL, with the cookie the admin's browser holds. */
  followLink(link: CreatedLinkUrl, userId: string, cookie?: string): Promise<WebResult>;
  /** Every item in the table except the given key prefixes, sorted: for "nothing changed" assertions. */
  snapshot(exceptPrefixes?: string[]): Promise<Record<string, unknown>[]>;
  tokenExchanges(): number;
  close(): Promise<void>;
}

export function cookieOf(link: CreatedLinkUrl): string {
  return link.cookies[0].split(';')[0];
}

export async function startHarness(specs: OnboardingDistrictSpec[]): Promise<Harness> {
  const districts = specs.map(onboardingDistrict);
  const emulator = await startCleverEmulatorServer({
    port: 0,
    seed: 5,
    clients: [TEST_CLIENT],
    districts: districts.map((district) => district.dataset),
  });
  const table = `onb-${randomUUID().slice(0, 8)}`;
  const config = parseConfig({
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    BUCKET_NAME: 'unused-by-onboarding',
    TABLE_NAME: table,
    PUBLIC_BASE_URL: APP_BASE,
    CLEVER_API_BASE: emulator.url,
    CLEVER_OAUTH_BASE: emulator.url,
    CLEVER_CLIENT_ID: TEST_CLIENT.clientId,
    CLEVER_CLIENT_SECRET: TEST_CLIENT.clientSecret,
    LOCAL_TOKEN_KEY: generateLocalTokenKey(),
  });
  const clients = createAwsClients(config);
  await createLocalTable(clients.dynamo, table);
  let clockOffsetMs = 0;
  const log = new CapturingLogger();
  const deps = createOnboardingRuntime(config, log, {
    clients,
    now: () => new Date(Date.now() + clockOffsetMs),
  });

  const authorize = async (url: string, userId: string, extra: Record<string, string> = {}) => {
    const authorizeUrl = new URL(url);
    authorizeUrl.searchParams.set('login_as', userId);
    for (const [key, value] of Object.entries(extra)) authorizeUrl.searchParams.set(key, value);
    const response = await fetch(authorizeUrl, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) throw new Error(`authorize answered ${response.status}`);
    return new URL(location);
  };

  return {
    deps,
    log,
    emulator,
    districts,
    table,
    advanceClock: (ms) => {
      clockOffsetMs += ms;
    },
    addOrg: (org) =>
      deps.store.putOrg({ name: org.orgId, mdrNumbers: [], ncesIds: [], emailDomains: [], ...org }),
    authorize,
    async followLink(link, userId, cookie = cookieOf(link)) {
      const back = await authorize(link.url, userId);
      return handleLinkCallback(deps, { rawQuery: back.search.slice(1), cookieHeader: cookie });
    },
    async snapshot(exceptPrefixes = ['LINKSTATE#', 'OAUTHCODE#']) {
      const { Items = [] } = await clients.dynamo.send(
        new ScanCommand({ TableName: table, ConsistentRead: true }),
      );
      return Items.filter(
        (item) => !exceptPrefixes.some((prefix) => String(item.pk).startsWith(prefix)),
      ).sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
    },
    tokenExchanges: () =>
      emulator.admin
        .requests()
        .filter((request) => request.method === 'POST' && request.path === '/oauth/tokens').length,
    close: () => emulator.close(),
  };
}

/** The outcome a callback result redirects to (`?outcome=`), or undefined for other results. */
export function outcomeOf(result: WebResult): string | undefined {
  const location = result.headers.Location;
  return location ? (new URL(location).searchParams.get('outcome') ?? undefined) : undefined;
}
