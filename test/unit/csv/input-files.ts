// Test inputs written to a temp directory, and helpers to capture and check the InputError a reader throws.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, expect } from 'vitest';
import { InputError } from '../../../lib/errors.ts';

const directory = mkdtempSync(join(tmpdir(), 'rostermatch-csv-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Writes `content` to a fresh file in the temp directory and returns its path. */
export function inputFile(name: string, content: string | Buffer): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

/** A stream that delivers `content` in chunks of `size` bytes, to exercise chunk boundaries. */
export function chunkedStream(content: string | Buffer, size: number): Readable {
  const bytes = Buffer.from(content);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}

/** Awaits a promise that must reject with an InputError whose message is a plain, stack-free user message. */
export async function inputErrorOf(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(InputError);
  const inputError = error as InputError;
  expect(inputError.message).not.toMatch(/\n\s+at /);
  expect(inputError.message).not.toMatch(/\.ts:\d+|node:internal/);
  return inputError;
}
