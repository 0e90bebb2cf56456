// `rostermatch clever-emulator`: runs the local Clever until interrupted, or writes the demo districts'
// app exports and rosters to a folder.
import { parseArgs } from 'node:util';
import { DomainError, InputError } from '../../lib/errors.ts';
import { writeDemoExports } from './demo.ts';
import { DEFAULT_EMULATOR_CLIENT, type EmulatorClient } from './server.ts';
import { startCleverEmulator } from './start.ts';

export const CLEVER_EMULATOR_HELP = `rostermatch clever-emulator — a local Clever (OAuth + Data API v3.0) with seeded demo districts

Usage:
  rostermatch clever-emulator [--port N] [--seed S] [--client-id ID] [--client-secret S] [--redirect-uri URI]...
  rostermatch clever-emulator --export-demo DIR [--seed S]

Options:
  --port N             port on 127.0.0.1 (default 5050; 0 picks a free one)
  --seed S             integer seed for the demo districts and their tokens (default 1)
  --client-id ID       the registered app's client id (default ${DEFAULT_EMULATOR_CLIENT.clientId})
  --client-secret S    its client secret (default ${DEFAULT_EMULATOR_CLIENT.clientSecret})
  --redirect-uri URI   a registered redirect URI, exact match; repeat for several; the first one receives
                       portal launches (default: ${DEFAULT_EMULATOR_CLIENT.redirectUris.join(', ')})
  --rate-limit N       requests per minute per token before 429 (default 1200)
  --export-demo DIR    write each demo district's app CSVs, truth and roster NDJSON under DIR, then exit
  -h, --help           this text

Serves, on one origin, clever.com's /oauth/authorize (consent page; ?login_as=<user id> approves at once),
/oauth/instant-login, /oauth/tokens (POST code exchange, GET district tokens), /oauth/tokeninfo, and
api.clever.com's /v3.0/* and /me. District tokens: GET /oauth/tokens?owner_type=district with HTTP Basic
client credentials. Test knobs: POST /__emulator/faults {"latencyMs","serverErrorRate","failNext",
"rateLimitBurst","slowNext","slowMs","htmlErrors"}, POST /__emulator/districts/<id>/rotate-token|revoke-token.

Example:
  rostermatch clever-emulator --port 5050
  curl -u ${DEFAULT_EMULATOR_CLIENT.clientId}:${DEFAULT_EMULATOR_CLIENT.clientSecret} 'http://127.0.0.1:5050/oauth/tokens?owner_type=district'
`;

const DEFAULT_PORT = 5050;

function optionError(column: string, message: string): InputError {
  return new InputError([{ file: 'command line', column, code: 'INVALID_OPTION', message }]);
}

function integerOption(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw optionError(name, `${name} must be an integer of at least ${min}, not "${value}"`);
  return Number(value);
}

export async function cleverEmulatorCommand(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  function parse() {
    return parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string' },
        seed: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
        'rate-limit': { type: 'string' },
        'export-demo': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  }
  try {
    values = parse().values;
  } catch (error) {
    throw optionError(
      'arguments',
      `${(error as Error).message.split('\n')[0]} (see rostermatch clever-emulator --help)`,
    );
  }
  if (values.help) {
    process.stdout.write(CLEVER_EMULATOR_HELP);
    return 0;
  }
  const seed = integerOption(values.seed, '--seed', 1, 0);

  if (values['export-demo']) {
    const files = await writeDemoExports(values['export-demo'], seed);
    process.stdout.write(`wrote ${files.length} files under ${values['export-demo']}\n`);
    return 0;
  }

  for (const uri of values['redirect-uri'] ?? []) {
    if (!URL.canParse(uri))
      throw optionError('--redirect-uri', `--redirect-uri must be an absolute URL, not "${uri}"`);
  }
  const client: EmulatorClient = {
    ...DEFAULT_EMULATOR_CLIENT,
    clientId: values['client-id'] ?? DEFAULT_EMULATOR_CLIENT.clientId,
    clientSecret: values['client-secret'] ?? DEFAULT_EMULATOR_CLIENT.clientSecret,
    redirectUris: values['redirect-uri'] ?? DEFAULT_EMULATOR_CLIENT.redirectUris,
  };
  const port = integerOption(values.port, '--port', DEFAULT_PORT, 0);
  const emulator = await startCleverEmulator({
    port,
    seed,
    clients: [client],
    faults: { rateLimitPerMinute: integerOption(values['rate-limit'], '--rate-limit', 1200, 1) },
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE')
      throw new DomainError('PORT_IN_USE', `port ${port} on 127.0.0.1 is in use; pick another with --port`);
    throw error;
  });
  const lines = emulator.districts().map(({ id, name }) => `  ${id}  ${name}`);
  process.stdout.write(
    `districts (district id, name):\n${lines.join('\n')}\nclient id: ${client.clientId}\n`,
  );
  process.stdout.write(`listening on ${emulator.url}\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await emulator.close();
  return 0;
}
