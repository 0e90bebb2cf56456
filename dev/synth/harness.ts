// Shared by the evaluation and benchmark scripts: describing the machine, running the CLI as a child
// process while measuring wall time and peak memory, and rewriting one section of a Markdown document.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';

export interface Machine {
  cpus: number;
  cpuModel: string;
  ramGiB: number;
  node: string;
  os: string;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
  };
}

export function machineLine(machine: Machine = describeMachine()): string {
  return `${machine.cpus} × ${machine.cpuModel}, ${machine.ramGiB} GiB RAM, Node ${machine.node}, ${machine.os}`;
}

/**
 * The code being measured: the commit, and whether lib/ or bin/ had uncommitted edits (numbers taken from a
 * working tree then describe code that no commit holds).
 */
export function codeRevision(cwd: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'lib', 'bin'], {
      cwd,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${commit} with uncommitted changes in lib/ or bin/` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export interface MeasuredRun {
  exitCode: number;
  /** True when the run was stopped for exceeding its time limit. */
  timedOut: boolean;
  wallMs: number;
  /** Peak resident set size of the child, from /usr/bin/time (null when that tool is missing). */
  peakRssMb: number | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command to completion, or until `timeoutMs` when given (then its whole process group is stopped);
 * measures wall time here and peak RSS with GNU time when available.
 */
export async function runMeasured(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs?: number,
): Promise<MeasuredRun> {
  const useTime = existsSync(GNU_TIME);
  const scratch = useTime ? await mkdtemp(join(tmpdir(), 'rostermatch-time-')) : '';
  const timeFile = join(scratch, 'time.txt');
  const [file, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  // Its own process group, so a timeout stops GNU time and the measured process together.
  const child = spawn(file, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let timedOut = false;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
        }, timeoutMs);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  let peakRssMb: number | null = null;
  if (useTime) {
    // GNU time writes "Command exited with non-zero status N" before the numbers when the child fails.
    const lines = (await readFile(timeFile, 'utf8').catch(() => '')).trim().split('\n');
    const kilobytes = Number(lines.at(-1));
    if (Number.isFinite(kilobytes) && kilobytes > 0) peakRssMb = Math.round(kilobytes / 1024);
    await rm(scratch, { recursive: true, force: true });
  }
  return { exitCode, timedOut, wallMs, peakRssMb, stdout, stderr };
}

/** A failed run in one line: its exit code and the first lines of what it printed. */
export function failureSummary(run: Pick<MeasuredRun, 'exitCode' | 'stdout' | 'stderr'>): string {
  const lines = (run.stderr || run.stdout).trim().split('\n').slice(0, 3);
  return `exit ${run.exitCode}: ${lines.join(' | ')}`;
}

/**
 * Replaces the body of the `## heading` section of a Markdown file (up to the next `## `), appending the
 * section when absent and creating the file with `title` when missing, so several authors can each own
 * one section of the same document.
 */
export async function writeDocSection(
  path: string,
  title: string,
  heading: string,
  body: string,
): Promise<void> {
  const existing = existsSync(path) ? await readFile(path, 'utf8') : `# ${title}\n`;
  const lines = existing.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  const section = [`## ${heading}`, '', ...body.trimEnd().split('\n'), ''];
  if (start < 0) {
    const trimmed = existing.trimEnd();
    await writeFile(path, `${trimmed}\n\n${section.join('\n')}`);
    return;
  }
  let end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  if (end < 0) end = lines.length;
  const next = [...lines.slice(0, start), ...section, ...lines.slice(end)];
  await writeFile(path, `${next.join('\n').trimEnd()}\n`);
}
