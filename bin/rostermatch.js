#!/usr/bin/env node
// The published entry point: loads the TypeScript CLI through tsx so `npx rostermatch` works right
// after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
