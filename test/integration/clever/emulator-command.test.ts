// `rostermatch clever-emulator` as a user runs it: a separate process that prints its URL once ready,
// serves the demo districts on 127.0.0.1, stops cleanly on SIGTERM, and exports the demo folders.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleverEmulatorCommand } from '../../../dev/clever-emulator/command.ts';
import { DEFAULT_EMULATOR_CLIENT } from '../../../dev/clever-emulator/server.ts';
import { InputError } from '../../../lib/errors.ts';

function startCommand(args: string[]): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, ['bin/rostermatch.js', 'clever-emulator', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${output}`)));
  });
  return { child, url };
}

describe('rostermatch clever-emulator', () => {
  it('prints "listening on" once ready, serves district tokens to the default client, and exits 0 on SIGTERM', async () => {
    const { child, url } = startCommand(['--port', '0', '--seed', '3']);
    try {
      const base = await url;
      const basic = Buffer.from(
        `${DEFAULT_EMULATOR_CLIENT.clientId}:${DEFAULT_EMULATOR_CLIENT.clientSecret}`,
      ).toString('base64');
      const tokens = await fetch(`${base}/oauth/tokens?owner_type=district`, {
        headers: { authorization: `Basic ${basic}` },
      });
      const body = (await tokens.json()) as { data: { owner: { id: string }; access_token: string }[] };
      expect(body.data).toHaveLength(4);
      const users = await fetch(`${base}/v3.0/users?role=student&limit=5`, {
        headers: { authorization: `Bearer ${body.data[0].access_token}` },
      });
      expect(((await users.json()) as { data: unknown[] }).data).toHaveLength(5);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('registers the given client and redirect URI instead of the defaults', async () => {
    const { child, url } = startCommand([
      '--port',
      '0',
      '--client-id',
      'my-app',
      '--client-secret',
      's3cret',
      '--redirect-uri',
      'https://app.example/cb',
    ]);
    try {
      const base = await url;
      const consent = await fetch(
        `${base}/oauth/authorize?response_type=code&client_id=my-app&redirect_uri=${encodeURIComponent('https://app.example/cb')}`,
      );
      expect(consent.status).toBe(200);
      const other = await fetch(
        `${base}/oauth/authorize?response_type=code&client_id=${DEFAULT_EMULATOR_CLIENT.clientId}`,
      );
      expect(other.status).toBe(400);
    } finally {
      child.kill('SIGTERM');
    }
    await once(child, 'exit');
  });

  it('writes app exports, truth and rosters for every demo district with --export-demo', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clever-demo-'));
    try {
      expect(await cleverEmulatorCommand(['--export-demo', dir, '--seed', '1'])).toBe(0);
      expect((await readdir(dir)).sort()).toEqual(['demo-sandbox', 'mid-size', 'no-ids', 'single-school']);
      const single = JSON.parse(await readFile(join(dir, 'single-school', 'district.json'), 'utf8'));
      expect(single.mdr_number ?? '').toBe('');
      const sandbox = JSON.parse(await readFile(join(dir, 'demo-sandbox', 'district.json'), 'utf8'));
      expect(sandbox.name).toMatch(/^#DEMO /);
      const roster = await readFile(join(dir, 'mid-size', 'roster-students.ndjson'), 'utf8');
      expect(roster.trimEnd().split('\n').length).toBeGreaterThanOrEqual(19_000);
      const app = await readFile(join(dir, 'mid-size', 'app-students.csv'), 'utf8');
      expect(app.split('\r\n').length).toBeGreaterThan(15_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a bad option with a message naming it', async () => {
    await expect(cleverEmulatorCommand(['--port', 'eighty'])).rejects.toBeInstanceOf(InputError);
    await expect(cleverEmulatorCommand(['--port', 'eighty'])).rejects.toMatchObject({
      message: expect.stringContaining('--port'),
    });
    await expect(cleverEmulatorCommand(['--bogus'])).rejects.toMatchObject({
      message: expect.stringContaining('--bogus'),
    });
  });
});
