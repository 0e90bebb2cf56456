// The folder rules that keep production bundles free of development code and domain code free of AWS:
// lib/ and functions/ never import dev/, and only the adapters and the HTTP glue import AWS packages.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;
const AWS_PACKAGE = /^(@aws-sdk\/|@aws-lambda-powertools\/|@middy\/|aws-lambda$|aws-cdk-lib|constructs$)/;
const AWS_ALLOWED = ['lib/adapters/', 'lib/http/'];

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(SPECIFIER)].map((match) => match[2]);
}

function resolvedPath(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return relative(ROOT, resolve(dirname(join(ROOT, file)), specifier));
}

describe('folder architecture', () => {
  const shipped = [...sourceFiles('lib'), ...sourceFiles('functions')];

  it('finds the shipped sources it checks', () => {
    expect(shipped.length).toBeGreaterThan(50);
    expect(shipped.some((file) => importsOf(file).length > 0)).toBe(true);
  });

  it('lib/ and functions/ never import development code from dev/', () => {
    const offending = shipped.flatMap((file) =>
      importsOf(file)
        .map((specifier) => resolvedPath(file, specifier))
        .filter((target): target is string => target?.startsWith('dev/') ?? false)
        .map((target) => `${file} → ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it('domain code in lib/ imports nothing from AWS (only lib/adapters and lib/http do)', () => {
    const offending = sourceFiles('lib')
      .filter((file) => !AWS_ALLOWED.some((folder) => file.startsWith(folder)))
      .flatMap((file) =>
        importsOf(file)
          .filter((specifier) => AWS_PACKAGE.test(specifier))
          .map((specifier) => `${file} → ${specifier}`),
      );
    expect(offending).toEqual([]);
  });

  it('the checker itself recognises a dev/ import and an AWS import', () => {
    const sample = `import { x } from '../../dev/synth/district.ts';\nconst m = await import('@aws-sdk/client-s3');`;
    const found = [...sample.matchAll(SPECIFIER)].map((match) => match[2]);
    expect(found).toEqual(['../../dev/synth/district.ts', '@aws-sdk/client-s3']);
    expect(resolvedPath('lib/match/engine.ts', found[0])).toBe('dev/synth/district.ts');
  });
});
