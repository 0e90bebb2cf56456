// The emulator's seeded demo districts, one per onboarding situation the product must handle, and a
// writer for each district's "app side" exports next to the roster they should match, so the README
// demo can run `rostermatch match` on real-looking data. Every district is deterministic from the seed.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CleverEvent, CleverUser } from '../../lib/clever/types.ts';
import {
  cleverId,
  generateDistrict,
  resolveSettings,
  type SyntheticDistrict,
  type SynthOptions,
} from '../synth/district.ts';
import { csvCell } from '../synth/files.ts';
import { type CleverDataset, type LazyDataset, sortedById } from './district-data.ts';

export interface DemoDistrictSpec {
  /** Folder name for exports. */
  key: string;
  description: string;
  options: SynthOptions;
}

/** Kind byte for event ids, after the synth generator's record kinds. */
const EVENT_ID_KIND = 0x0e;

export function demoDistrictSpecs(seed: number): DemoDistrictSpec[] {
  return [
    {
      key: 'demo-sandbox',
      description: 'a #DEMO sandbox district: small, many repeated names',
      options: {
        seed: seed * 10 + 1,
        students: 1_500,
        teachers: 60,
        staff: 12,
        schools: 3,
        districtName: '#DEMO Springfield USD',
        emailDomain: 'springfieldusd.org',
      },
    },
    {
      key: 'mid-size',
      description: 'a mid-size district (~20,000 students) with MDR and NCES numbers',
      options: {
        seed: seed * 10 + 2,
        students: 20_000,
        schools: 40,
        districtName: 'Riverside Unified School District',
        emailDomain: 'riversideusd.org',
      },
    },
    {
      key: 'single-school',
      description: 'a single-school "district" without MDR or NCES numbers',
      options: {
        seed: seed * 10 + 3,
        students: 300,
        teachers: 15,
        staff: 4,
        schools: 1,
        districtName: 'Cedar Creek Academy',
        emailDomain: 'cedarcreekacademy.org',
        mdrNumber: null,
        ncesId: null,
      },
    },
    {
      key: 'no-ids',
      description:
        'a district with an NCES number but no MDR number, whose app export carries no student ids',
      options: {
        seed: seed * 10 + 4,
        students: 2_500,
        schools: 6,
        districtName: 'Lakeview County Schools',
        mdrNumber: null,
        emailDomain: 'lakeviewschools.org',
        profile: 'ids-absent',
      },
    },
  ];
}

/** A few `users.updated` events so the Events API has something to page through. */
function demoEvents(seed: number, users: CleverUser[]): CleverEvent[] {
  const students = users.filter((user) => user.roles.student?.grade).slice(0, 3);
  return students.map((student, n) => ({
    id: cleverId(seed, EVENT_ID_KIND, n + 1),
    type: 'users.updated',
    created: `2024-09-02T16:09:4${n}.000Z`,
    data: {
      object: student as unknown as CleverEvent['data']['object'],
      previous_attributes: { roles: { student: { email: '' } } },
    },
  }));
}

export function generateDemoDataset(
  spec: DemoDistrictSpec,
): CleverDataset & ReturnType<typeof generateDistrict> {
  const generated = generateDistrict(spec.options);
  return { ...generated, events: demoEvents(spec.options.seed, generated.users) };
}

/** Districts are generated on first use, so the emulator starts in milliseconds. */
export function demoDistricts(seed: number): LazyDataset[] {
  return demoDistrictSpecs(seed).map((spec) => ({
    district: resolveSettings(spec.options).district,
    load: () => generateDemoDataset(spec),
  }));
}

function csv(headers: string[], rows: string[][]): string {
  return [headers, ...rows]
    .map((row) => row.map(csvCell).join(','))
    .join('\r\n')
    .concat('\r\n');
}

function ndjson(records: readonly unknown[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

/**
 * Writes into `folder`: `app-{students,teachers,staff}.csv` (the app's own noisy exports),
 * `truth-*.csv` (app id → Clever id), `roster-{students,teachers,staff}.ndjson`, `schools.ndjson`,
 * `sections.ndjson` and `district.json`, exactly as the emulator serves the records.
 */
export async function writeDistrictExports(folder: string, data: SyntheticDistrict): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const files: Record<string, string> = {
    'district.json': `${JSON.stringify(data.district, null, 2)}\n`,
    'schools.ndjson': ndjson(sortedById(data.schools)),
    'sections.ndjson': ndjson(sortedById(data.sections)),
  };
  const users = sortedById(data.users);
  for (const [kind, plural] of [
    ['student', 'students'],
    ['teacher', 'teachers'],
    ['staff', 'staff'],
  ] as const) {
    const app = data.app[kind];
    files[`app-${plural}.csv`] = csv(app.headers, app.rows);
    files[`truth-${plural}.csv`] = csv(
      ['app_id', 'clever_id'],
      [...app.truth].map(([appId, cleverUserId]) => [appId, cleverUserId ?? '']),
    );
    files[`roster-${plural}.ndjson`] = ndjson(users.filter((user) => user.roles[kind]));
  }
  const written: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(folder, name), content);
    written.push(join(folder, name));
  }
  return written;
}

/** Writes every demo district's exports under `DIR/<key>/` (see `writeDistrictExports`). */
export async function writeDemoExports(dir: string, seed: number): Promise<string[]> {
  const written: string[] = [];
  for (const spec of demoDistrictSpecs(seed)) {
    written.push(...(await writeDistrictExports(join(dir, spec.key), generateDemoDataset(spec))));
  }
  return written;
}
