import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../../bin/rostermatch.js');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface MatchFiles {
  type: string;
  app: string;
  clever: string;
  out: string;
}

function matchArgs({ type, app, clever, out }: MatchFiles, ...extra: string[]): string[] {
  return ['match', '--type', type, '--app', app, '--clever', clever, '--out', out, ...extra];
}

const STACK_FRAME = /\n\s+at .+\(.+:\d+:\d+\)|node:internal/;

const cleverStudent = (id: string, first: string, last: string, dob: string, sis: string) => ({
  id,
  district: 'd1',
  email: `${first}.${last}@example.org`.toLowerCase(),
  name: { first, middle: '', last },
  roles: {
    student: { sis_id: sis, student_number: sis, state_id: `9${sis}`, dob, grade: '4', school: 's1' },
  },
});

let dir: string;
let roster: string;
let app: string;

afterAll(() => rm(dir, { recursive: true, force: true }));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rostermatch-cli-'));
  roster = join(dir, 'roster.ndjson');
  app = join(dir, 'app.csv');
  const users = [
    cleverStudent('65a000000000000000000001', 'Sam', 'Rivera', '1/6/2014', '004512'),
    cleverStudent('65a000000000000000000002', 'Kim', 'Nguyen', '11/26/2013', '004513'),
    cleverStudent('65a000000000000000000003', 'Ana', 'Lopez', '3/2/2014', '004514'),
    {
      id: '65a000000000000000000009',
      district: 'd1',
      name: { first: 'Pat', last: 'Lee' },
      roles: { teacher: { sis_id: 't1' } },
    },
  ];
  // The second line is wrapped as a Data API list item, which the reader must accept too.
  await writeFile(
    roster,
    `${users.map((u, i) => JSON.stringify(i === 1 ? { data: u, uri: `/v3.0/users/${u.id}` } : u)).join('\n')}\n`,
  );
  await writeFile(
    app,
    [
      'App ID,First Name,Last Name,Birth Date,SIS ID,Email',
      'a1,Samuel,Rivera,2014-01-06,4512,',
      'a2,Kim,Nguyen,11/26/2013,,KIM.NGUYEN@EXAMPLE.ORG',
      'a3,=cmd(),Unknown,1/1/2010,,',
    ].join('\r\n'),
  );
});

describe('rostermatch match', () => {
  it('writes a Matchmaker-format result with one row per app record and per unmatched Clever record', async () => {
    const out = join(dir, 'result.csv');
    const report = join(dir, 'report.json');
    const result = await cli(matchArgs({ type: 'student', app, clever: roster, out }, '--report', report));
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.code).toBe(0);
    const rows: Record<string, string>[] = parse(await readFile(out), { columns: true, bom: true });
    expect(Object.keys(rows[0]).slice(0, 7)).toEqual([
      'app.App ID',
      'app.First Name',
      'app.Last Name',
      'app.Birth Date',
      'app.SIS ID',
      'app.Email',
      'clever.id',
    ]);
    expect(Object.keys(rows[0])).toContain('matchmaker_results');
    const byApp = Object.fromEntries(rows.filter((r) => r['app.App ID']).map((r) => [r['app.App ID'], r]));
    expect(byApp.a1.matchmaker_results).toBe('match');
    expect(byApp.a1['clever.id']).toBe('65a000000000000000000001');
    expect(byApp.a1.match_evidence).toMatch(/sis_id/);
    expect(Number(byApp.a1.match_confidence)).toBeGreaterThan(0.9);
    expect(byApp.a2.matchmaker_results).toBe('match');
    expect(byApp.a2['clever.id']).toBe('65a000000000000000000002');
    expect(byApp.a3.matchmaker_results).toBe('from app, no match');
    expect(byApp.a3['app.First Name']).toBe("'=cmd()"); // formula injection neutralised
    const cleverOnly = rows.filter((r) => !r['app.App ID']);
    expect(cleverOnly.map((r) => [r['clever.id'], r.matchmaker_results])).toEqual([
      ['65a000000000000000000003', 'from Clever, no match'],
    ]);
    const summary = JSON.parse(await readFile(report, 'utf8'));
    expect(summary.counts).toMatchObject({ match: 2, 'from app, no match': 1, 'from Clever, no match': 1 });
    expect(summary.cleverRecordsSkipped).toBe(1);
    expect(summary.mapping['Birth Date']).toBe('dob');
    expect(result.stderr).toMatch(/"Birth Date" → dob/);
  });

  it('matches schools on NCES ids and names, with school columns in the result', async () => {
    const schools = join(dir, 'schools.ndjson');
    const schoolsCsv = join(dir, 'schools.csv');
    const out = join(dir, 'schools-result.csv');
    await writeFile(
      schools,
      [
        { id: '65a0000000000000000000b1', district: 'd1', name: 'Maple Elementary', nces_id: '060123400001' },
        {
          id: '65a0000000000000000000b2',
          district: 'd1',
          name: 'Oak Middle School',
          nces_id: '060123400002',
        },
      ]
        .map((school) => JSON.stringify(school))
        .join('\n'),
    );
    await writeFile(schoolsCsv, 'id,School Name,NCES ID\nS1,Maple Elem.,060123400001\nS2,Pine High,\n');
    const result = await cli(matchArgs({ type: 'school', app: schoolsCsv, clever: schools, out }));
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.code).toBe(0);
    const rows: Record<string, string>[] = parse(await readFile(out), { columns: true, bom: true });
    expect(rows.map((r) => [r['app.id'], r['clever.id'], r.matchmaker_results])).toEqual([
      ['S1', '65a0000000000000000000b1', 'match'],
      ['S2', '', 'from app, no match'],
      ['', '65a0000000000000000000b2', 'from Clever, no match'],
    ]);
    expect(rows[0]['clever.nces_id']).toBe('060123400001');
  });

  it('matches sections through earlier teacher and student results', async () => {
    const sections = join(dir, 'sections.ndjson');
    const sectionsCsv = join(dir, 'sections.csv');
    const teachersResult = join(dir, 'teachers-result.csv');
    const studentsResult = join(dir, 'students-result.csv');
    const out = join(dir, 'sections-result.csv');
    const teacher = '65a0000000000000000000a9';
    const students = ['65a000000000000000000001', '65a000000000000000000002', '65a000000000000000000003'];
    await writeFile(
      sections,
      [
        {
          id: '65a0000000000000000000c1',
          district: 'd1',
          school: 's1',
          name: 'Math 4 - Lee - 2',
          period: '2',
          teacher,
          teachers: [teacher],
          students,
        },
        {
          id: '65a0000000000000000000c2',
          district: 'd1',
          school: 's1',
          name: 'Reading 4 - Lee - 3',
          period: '3',
          teacher,
          teachers: [teacher],
          students: [],
        },
      ]
        .map((section) => JSON.stringify(section))
        .join('\n'),
    );
    await writeFile(teachersResult, `app.id,clever.id,matchmaker_results\nT1,${teacher},match\n`);
    await writeFile(
      studentsResult,
      `app.App ID,clever.id,matchmaker_results\n${students.map((id, i) => `a${i + 1},${id},match`).join('\n')}\n`,
    );
    await writeFile(
      sectionsCsv,
      'id,Section Name,Period,Teacher ID,Student IDs\nX1,Grade 4 Math,2,T1,a1;a2;a3\n',
    );
    const result = await cli(
      matchArgs(
        { type: 'section', app: sectionsCsv, clever: sections, out },
        '--teachers-result',
        teachersResult,
        '--students-result',
        studentsResult,
      ),
    );
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.code).toBe(0);
    const rows: Record<string, string>[] = parse(await readFile(out), { columns: true, bom: true });
    expect(rows.map((r) => [r['app.id'], r['clever.id'], r.matchmaker_results])).toEqual([
      ['X1', '65a0000000000000000000c1', 'match'],
      ['', '65a0000000000000000000c2', 'from Clever, no match'],
    ]);
  });

  it('refuses section-only options for other types', async () => {
    const result = await cli(
      matchArgs(
        { type: 'student', app, clever: roster, out: join(dir, 'x.csv') },
        '--teachers-result',
        'r.csv',
      ),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--teachers-result is for --type section only/);
  });

  it('explains every option with an example in --help', async () => {
    const result = await cli(['match', '--help']);
    expect(result.code).toBe(0);
    for (const option of [
      '--type',
      '--app',
      '--clever',
      '--clever-api',
      '--out',
      '--id-column',
      '--map',
      '--report',
    ])
      expect(result.stdout).toContain(option);
    expect(result.stdout).toMatch(/Examples:\n\s+rostermatch match/);
  });

  it.each([
    [['match', '--app', 'x.csv'], /--type is required/],
    [
      ['match', '--type', 'parent', '--app', 'a', '--clever', 'b', '--out', 'c'],
      /--type must be one of student/,
    ],
    [['match', '--type', 'student', '--app', 'a', '--out', 'c'], /--clever FILE or --clever-api URL/],
    [['match', '--type', 'student', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('rejects bad usage %j with a clear message and exit 2', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('names the roster file and line of invalid JSON without echoing the record', async () => {
    const badRoster = join(dir, 'bad.ndjson');
    await writeFile(
      badRoster,
      `${JSON.stringify(cleverStudent('65a0000000000000000000aa', 'A', 'B', '1/1/2014', '1'))}\n{"id": "x", secret-student\n`,
    );
    const result = await cli(matchArgs({ type: 'student', app, clever: badRoster, out: join(dir, 'o.csv') }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.ndjson:2/);
    expect(result.stderr).not.toContain('secret-student');
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('skips roster records without the role but fails clearly when none has it', async () => {
    const schoolsOnly = join(dir, 'not-users.ndjson');
    await writeFile(
      schoolsOnly,
      `${JSON.stringify({ id: '65a0000000000000000000b1', name: 'Maple Elementary' })}\n`,
    );
    const result = await cli(
      matchArgs({ type: 'student', app, clever: schoolsOnly, out: join(dir, 'o.csv') }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /not-users\.ndjson: no Clever user with a "student" role \(1 other records read\)/,
    );
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('reports a missing app file without a stack trace and leaves no result file', async () => {
    const out = join(dir, 'never.csv');
    const result = await cli(matchArgs({ type: 'student', app: join(dir, 'nope.csv'), clever: roster, out }));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/nope\.csv/);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    await expect(readFile(out)).rejects.toThrow();
  });

  it('refuses to overwrite its own input', async () => {
    const result = await cli(matchArgs({ type: 'student', app, clever: roster, out: app }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/must not overwrite the input file/);
  });
});
