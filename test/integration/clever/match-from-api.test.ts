// `rostermatch match --clever-api` reads the roster through the client and must give the same result
// file as `--clever` on the same roster saved as NDJSON; `readRosterFromApi` also works from a
// district id and the app's client credentials alone.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDistrictExports } from '../../../dev/clever-emulator/demo.ts';
import { type CleverEmulator, startCleverEmulator } from '../../../dev/clever-emulator/start.ts';
import { generateDistrict } from '../../../dev/synth/district.ts';
import { collect } from '../../../lib/async-iterables.ts';
import { readRosterFromApi, readSchoolsFromApi } from '../../../lib/clever/roster-from-api.ts';
import { main } from '../../../lib/cli/main.ts';
import { InputError } from '../../../lib/errors.ts';

const district = generateDistrict({ seed: 42, students: 400, teachers: 25, staff: 6, schools: 3 });
let emulator: CleverEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startCleverEmulator({ data: [district] });
  dir = await mkdtemp(join(tmpdir(), 'clever-match-'));
  await writeDistrictExports(dir, district);
});

afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

describe('match --clever-api', () => {
  it.each([
    ['student', 'students'],
    ['teacher', 'teachers'],
  ] as const)('gives the same %s result file as --clever on the saved roster', async (type, plural) => {
    const common = ['match', '--type', type, '--app', join(dir, `app-${plural}.csv`), '--quiet'];
    const fromFile = join(dir, `file-${plural}.csv`);
    const fromApi = join(dir, `api-${plural}.csv`);
    const fileArgs = [
      '--clever',
      join(dir, `roster-${plural}.ndjson`),
      '--schools',
      join(dir, 'schools.ndjson'),
    ];
    expect(await main([...common, ...fileArgs, '--out', fromFile])).toBe(0);
    const token = emulator.tokens[district.district.id];
    expect(await main([...common, '--clever-api', emulator.apiUrl, '--token', token, '--out', fromApi])).toBe(
      0,
    );
    const fileResult = await readFile(fromFile, 'utf8');
    expect(fileResult.split('\n').length).toBeGreaterThan(district.app[type].rows.length);
    expect(fileResult).toContain(',match,');
    expect(await readFile(fromApi, 'utf8')).toBe(fileResult);
  });
});

describe('readRosterFromApi', () => {
  it('reads one role with only a district id and the client credentials', async () => {
    const { clientId, clientSecret } = emulator.clients[0];
    const users = await collect(
      readRosterFromApi({
        apiUrl: emulator.apiUrl,
        districtId: district.district.id,
        clientId,
        clientSecret,
        type: 'teacher',
      }),
    );
    const expected = district.users.filter((user) => user.roles.teacher).map((user) => user.id);
    expect(users.map((user) => user.id).sort()).toEqual(expected.sort());
    const schools = await collect(
      readSchoolsFromApi({ apiUrl: emulator.apiUrl, token: emulator.tokens[district.district.id] }),
    );
    expect(schools).toHaveLength(district.schools.length);
  });

  it('says what is missing when neither a token nor a district with credentials is given', async () => {
    const attempt = collect(
      readRosterFromApi({ apiUrl: emulator.apiUrl, districtId: district.district.id, type: 'student' }),
    );
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toMatchObject({
      message: expect.stringContaining('--district with the app client id and secret'),
    });
  });

  it('names the option when the API URL is not a URL', async () => {
    const attempt = collect(readRosterFromApi({ apiUrl: 'api.clever.com', token: 'x', type: 'student' }));
    await expect(attempt).rejects.toMatchObject({
      message: expect.stringContaining('--clever-api must be an http(s) URL'),
    });
  });
});
