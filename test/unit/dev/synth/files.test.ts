import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { csvLine, readTruth, writeDistrictFiles } from '../../../../dev/synth/files.ts';
import type { CleverUser } from '../../../../lib/clever/types.ts';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'synth-files-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('writeDistrictFiles', () => {
  it('writes an app CSV, a roster and a truth that agree with each other', async () => {
    const dir = await freshDir();
    const files = await writeDistrictFiles({ seed: 4, students: 3000, profile: 'ids-absent' }, dir);
    const rows: string[][] = parse(await readFile(files.app, 'utf8'));
    const [headers, ...records] = rows;
    expect(headers[0]).toBe(files.idColumn);
    expect(records).toHaveLength(files.appRows);
    const roster = (await readFile(files.roster, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as CleverUser);
    expect(roster).toHaveLength(files.cleverRecords);
    expect(roster.every((user) => user.roles.student?.dob)).toBe(true);
    const rosterIds = new Set(roster.map((user) => user.id));

    const truth = await readTruth(dir);
    expect(new Set(truth.truth.keys())).toEqual(new Set(records.map((record) => record[0])));
    for (const id of truth.truth.values()) if (id !== null) expect(rosterIds.has(id)).toBe(true);
    for (const [duplicate, original] of truth.cleverDuplicates) {
      expect(rosterIds.has(duplicate) && rosterIds.has(original)).toBe(true);
    }
    for (const [duplicate, original] of truth.duplicateOf)
      expect(truth.truth.get(duplicate)).toBe(truth.truth.get(original));
  });

  it('writes byte-identical files for the same options', async () => {
    const [a, b] = [await freshDir(), await freshDir()];
    await writeDistrictFiles({ seed: 9, students: 500 }, a, 'teacher');
    await writeDistrictFiles({ seed: 9, students: 500 }, b, 'teacher');
    for (const name of ['app.csv', 'roster.ndjson', 'truth.csv']) {
      expect(await readFile(join(a, name), 'utf8')).toBe(await readFile(join(b, name), 'utf8'));
    }
  });
});

describe('csvLine', () => {
  it('quotes only cells that need it, per RFC 4180', () => {
    expect(csvLine(['plain', "O'Connor", 'a,b', 'say "hi"', 'two\nlines'])).toBe(
      'plain,O\'Connor,"a,b","say ""hi""","two\nlines"\n',
    );
  });
});
