// The emulator as the local stack (`npm start`), the CLI and tests start it: in-process, on
// 127.0.0.1, seeded with the demo districts unless a dataset is given.
import { demoDistricts } from './demo.ts';
import type { EmulatorDistrict } from './district-data.ts';
import {
  type CleverEmulatorServer,
  type CleverEmulatorServerOptions,
  DEFAULT_EMULATOR_CLIENT,
  type EmulatorClient,
  startCleverEmulatorServer,
} from './server.ts';

export interface StartCleverEmulatorOptions extends Omit<CleverEmulatorServerOptions, 'districts' | 'seed'> {
  /** Seeds the demo districts and the district tokens (default 1). */
  seed?: number;
  /** Districts to serve instead of the demo ones. */
  data?: EmulatorDistrict[];
}

export interface CleverEmulator extends CleverEmulatorServer {
  /** Base for the clever.com paths (`/oauth/*`); the same origin as `apiUrl`. */
  oauthUrl: string;
  /** Base for the api.clever.com paths (`/v3.0/*`, `/me`). */
  apiUrl: string;
  clients: EmulatorClient[];
  /** District id → the first client's district-app token at start (`admin.districtToken` after a rotation). */
  tokens: Record<string, string>;
}

export async function startCleverEmulator(options: StartCleverEmulatorOptions = {}): Promise<CleverEmulator> {
  const seed = options.seed ?? 1;
  const clients = options.clients ?? [DEFAULT_EMULATOR_CLIENT];
  const server = await startCleverEmulatorServer({
    ...options,
    seed,
    clients,
    districts: options.data ?? demoDistricts(seed),
  });
  const tokens: Record<string, string> = {};
  for (const { id } of server.districts()) {
    const token = server.admin.districtToken(id);
    if (token) tokens[id] = token;
  }
  return { ...server, oauthUrl: server.url, apiUrl: server.url, clients, tokens };
}
