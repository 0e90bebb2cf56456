import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeRevision,
  describeMachine,
  failureSummary,
  runMeasured,
  writeDocSection,
} from '../../../../dev/synth/harness.ts';
import { readResultFile } from '../../../../dev/synth/result-file.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synth-harness-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeDocSection', () => {
  it('creates the document with its title and the section when the file is missing', async () => {
    const path = join(dir, 'new.md');
    await writeDocSection(path, 'Benchmarks', 'Matching', 'numbers');
    expect(await readFile(path, 'utf8')).toBe('# Benchmarks\n\n## Matching\n\nnumbers\n');
  });

  it("replaces only its own section and keeps other authors' sections around it", async () => {
    const path = join(dir, 'shared.md');
    await writeFile(
      path,
      '# Benchmarks\n\nintro\n\n## Upload\n\nA\n\n## Matching\n\nold\nlines\n\n## Email\n\nB\n',
    );
    await writeDocSection(path, 'Benchmarks', 'Matching', 'new');
    expect(await readFile(path, 'utf8')).toBe(
      '# Benchmarks\n\nintro\n\n## Upload\n\nA\n\n## Matching\n\nnew\n\n## Email\n\nB\n',
    );
  });

  it('appends the section when the document does not have it yet', async () => {
    const path = join(dir, 'append.md');
    await writeFile(path, '# Benchmarks\n\n## Upload\n\nA\n');
    await writeDocSection(path, 'Benchmarks', 'Matching', 'new');
    expect(await readFile(path, 'utf8')).toBe('# Benchmarks\n\n## Upload\n\nA\n\n## Matching\n\nnew\n');
  });
});

describe('runMeasured', () => {
  it('reports the exit code, output and a peak memory figure of the child', async () => {
    const run = await runMeasured(
      process.execPath,
      ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)'],
      dir,
    );
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toBe('out');
    expect(run.stderr).toBe('err');
    expect(run.wallMs).toBeGreaterThan(0);
    if (run.peakRssMb !== null) expect(run.peakRssMb).toBeGreaterThan(5);
  });

  it('stops a run that exceeds its time limit, together with the process it measures', async () => {
    const run = await runMeasured(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], dir, 300);
    expect(run.timedOut).toBe(true);
    expect(run.exitCode).not.toBe(0);
    expect(run.wallMs).toBeLessThan(10_000);
  });

  it('sums up a failed run as its exit code and first lines of output', () => {
    expect(failureSummary({ exitCode: 2, stdout: 'ignored', stderr: 'a\nb\nc\nd\n' })).toBe(
      'exit 2: a | b | c',
    );
    expect(failureSummary({ exitCode: 1, stdout: 'only out\n', stderr: '' })).toBe('exit 1: only out');
  });

  it('names the commit being measured, or says it cannot', () => {
    expect(codeRevision(process.cwd())).toMatch(/^[0-9a-f]{7,}/);
    expect(codeRevision(dir)).toMatch(/^unknown/);
  });

  it('describes the machine', () => {
    const machine = describeMachine();
    expect(machine.cpus).toBeGreaterThan(0);
    expect(machine.node).toBe(process.version);
  });
});

describe('readResultFile', () => {
  it('splits a result CSV into app decisions and Clever-only rows', async () => {
    const path = join(dir, 'result.csv');
    await writeFile(
      path,
      [
        'app.App ID,app.First Name,clever.id,clever.name.first,matchmaker_results,match_confidence,match_evidence,suggested.clever.id',
        'a1,Ann,c1,Ann,match,0.9990,first exact,',
        'a2,"Lee, Jr",,,"from app, no match",,,c9',
        'a3,Bo,,,"from app, duplicate",,,',
        ',,c7,Sam,"from Clever, duplicate",,,',
        '',
      ].join('\n'),
    );
    const decisions = await readResultFile(path, 'App ID');
    expect(decisions.app).toEqual([
      { appId: 'a1', result: 'match', cleverId: 'c1', suggestedCleverId: '' },
      { appId: 'a2', result: 'from app, no match', cleverId: '', suggestedCleverId: 'c9' },
      { appId: 'a3', result: 'from app, duplicate', cleverId: '', suggestedCleverId: '' },
    ]);
    expect(decisions.clever).toEqual([{ cleverId: 'c7', result: 'from Clever, duplicate' }]);
  });

  it('names the missing column when the file is not a result CSV', async () => {
    const path = join(dir, 'other.csv');
    await writeFile(path, 'a,b\n1,2\n');
    await expect(readResultFile(path, 'App ID')).rejects.toThrow(/"app.App ID"/);
  });
});
