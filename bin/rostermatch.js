#!/usr/bin/env node
// The published entry point: loads the TypeScript CLI through tsx so `npx rostermatch` works right
// after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
// The emulator is a development tool (dev/): loaded only when asked for, and never part of lib/.
const devCommands = {
  'clever-emulator': async (argv) =>
    (await import('../dev/clever-emulator/command.ts')).cleverEmulatorCommand(argv),
};
process.exitCode = await main(process.argv.slice(2), devCommands);
