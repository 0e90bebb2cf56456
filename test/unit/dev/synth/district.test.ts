import { describe, expect, it } from 'vitest';
import {
  cleverId,
  DEFAULT_NOISE,
  generateDistrict,
  type SyntheticDistrict,
} from '../../../../dev/synth/district.ts';
import { nicknames, stripAccents } from '../../../../dev/synth/names.ts';
import type { CleverUser } from '../../../../lib/clever/types.ts';

const STUDENTS = 6000;
const base = generateDistrict({ seed: 11, students: STUDENTS, profile: 'ids-present' });

function cleverById(district: SyntheticDistrict): Map<string, CleverUser> {
  return new Map(district.users.map((user) => [user.id, user]));
}

/** Optimal string alignment distance: a transposition counts as one edit, as a typist makes it. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Each student app row as a record keyed by header, with its truth and noise tags. */
function studentRows(district: SyntheticDistrict) {
  const app = district.app.student;
  const users = cleverById(district);
  return app.rows.map((cells) => {
    const row = Object.fromEntries(app.headers.map((header, i) => [header, cells[i]]));
    const appId = cells[0];
    const id = app.truth.get(appId) ?? null;
    return { row, appId, clever: id ? users.get(id) : undefined, tags: app.noise.get(appId) ?? [] };
  });
}

describe('generateDistrict', () => {
  it('produces the same district for the same seed and a different one for another seed', () => {
    const again = generateDistrict({ seed: 11, students: STUDENTS, profile: 'ids-present' });
    expect(JSON.stringify(again.users)).toBe(JSON.stringify(base.users));
    expect(again.app.student.rows).toEqual(base.app.student.rows);
    expect(again.app.teacher.rows).toEqual(base.app.teacher.rows);
    expect([...again.app.student.truth]).toEqual([...base.app.student.truth]);
    const other = generateDistrict({ seed: 12, students: STUDENTS, profile: 'ids-present' });
    expect(other.app.student.rows).not.toEqual(base.app.student.rows);
  });

  it('makes 24-hex Clever ids that ascend with the creation number', () => {
    const ids = [0, 1, 15, 16, 4095, 1_000_000].map((n) => cleverId(7, 2, n));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(cleverId(7, 2, 5)).not.toBe(cleverId(8, 2, 5));
    expect(cleverId(7, 2, 5)).not.toBe(cleverId(7, 3, 5));
  });

  it('keeps the truth consistent with both files', () => {
    for (const kind of ['student', 'teacher', 'staff'] as const) {
      const app = base.app[kind];
      const users = base.users.filter((user) => user.roles[kind]);
      const cleverIds = new Set(users.map((user) => user.id));
      expect(app.truth.size).toBe(app.rows.length);
      expect(new Set(app.rows.map((row) => row[0])).size).toBe(app.rows.length);
      const claimed = new Map<string, string>();
      for (const [appId, id] of app.truth) {
        if (id === null) continue;
        expect(cleverIds.has(id)).toBe(true);
        if (app.duplicateIds.has(appId)) continue;
        // Apart from duplicate rows, no two app rows claim the same Clever person.
        expect(claimed.get(id)).toBeUndefined();
        claimed.set(id, appId);
      }
      for (const duplicate of app.duplicateIds) {
        const original = app.duplicateOf.get(duplicate);
        expect(original && app.truth.has(original)).toBe(true);
        expect(app.truth.get(duplicate)).toBe(app.truth.get(original ?? ''));
      }
    }
    for (const [duplicate, original] of base.cleverDuplicates) {
      const users = cleverById(base);
      expect(users.get(duplicate)?.name).toEqual(users.get(original)?.name);
      expect(users.get(duplicate)?.roles.student?.dob ?? '').toBe(
        users.get(original)?.roles.student?.dob ?? '',
      );
    }
  });

  it('writes Clever users the way the Data API v3.0 sends them', () => {
    const schoolIds = new Set(base.schools.map((school) => school.id));
    const students = base.users.filter((user) => user.roles.student);
    expect(students.length).toBeGreaterThanOrEqual(STUDENTS);
    for (const user of students) {
      const role = user.roles.student!;
      expect(user.id).toMatch(/^[0-9a-f]{24}$/);
      expect(user.district).toBe(base.district.id);
      expect(role.dob).toMatch(/^[1-9]\d?\/[1-9]\d?\/\d{4}$/);
      expect(['Kindergarten', ...Array.from({ length: 12 }, (_, i) => String(i + 1))]).toContain(role.grade);
      expect(schoolIds.has(role.school ?? '')).toBe(true);
      if (user.email)
        expect(user.email.endsWith(`@${base.district.name.split(' ')[0].toLowerCase()}usd.org`)).toBe(true);
    }
    const emails = base.users.map((user) => user.email).filter(Boolean);
    expect(new Set(emails).size).toBe(emails.length);
    const youngWithoutEmail = students.filter(
      (user) => ['Kindergarten', '1', '2'].includes(user.roles.student!.grade!) && !user.email,
    );
    expect(youngWithoutEmail.length).toBeGreaterThan(0);
    // Older students all have one, except a second record of someone Clever holds twice (the email is taken).
    const olderWithoutEmail = students.filter(
      (user) =>
        ['5', '9'].includes(user.roles.student!.grade!) && !user.email && !base.cleverDuplicates.has(user.id),
    );
    expect(olderWithoutEmail).toEqual([]);
  });

  it('draws names with US-like frequencies, accents, apostrophes and hyphens', () => {
    const lastNames = base.users.map((user) => user.name?.last ?? '');
    const counts = new Map<string, number>();
    for (const last of lastNames) counts.set(last, (counts.get(last) ?? 0) + 1);
    // Like US data: the most common surname is about 1 % of people, and few people share a full name.
    const top = Math.max(...counts.values());
    expect(top / lastNames.length).toBeGreaterThan(0.005);
    expect(top / lastNames.length).toBeLessThan(0.02);
    const fullNames = new Map<string, number>();
    for (const user of base.users) {
      const name = `${user.name?.first} ${user.name?.last}`;
      fullNames.set(name, (fullNames.get(name) ?? 0) + 1);
    }
    const sharing = [...fullNames.values()].filter((n) => n > 1).reduce((sum, n) => sum + n, 0);
    expect(sharing / base.users.length).toBeGreaterThan(0.01);
    expect(sharing / base.users.length).toBeLessThan(0.1);
    expect(lastNames.some((last) => last.includes('-'))).toBe(true);
    expect(lastNames.some((last) => last.includes("'"))).toBe(true);
    const allNames = base.users.flatMap((user) => [user.name?.first ?? '', user.name?.last ?? '']);
    expect(allNames.some((name) => stripAccents(name) !== name)).toBe(true);
  });

  it('applies each kind of noise at about its configured rate, and a tag means the change is really there', () => {
    const rates = {
      ...DEFAULT_NOISE,
      dobSwapped: 0.2,
      firstTypo: 0.1,
      gradeOffByOne: 0.1,
      emailUppercase: 0.1,
    };
    const district = generateDistrict({
      seed: 5,
      students: STUDENTS,
      noise: rates,
      dateStyle: 'M/D/YYYY',
      headerStyle: 'title',
    });
    const rows = studentRows(district).filter((r) => r.clever);
    const table = nicknames();
    const share = (tag: string, eligible: typeof rows) =>
      eligible.filter((r) => r.tags.includes(tag)).length / eligible.length;
    const dayAtMost12 = rows.filter((r) => {
      const [m, d] = r.clever!.roles.student!.dob!.split('/').map(Number);
      return d <= 12 && d !== m && !r.tags.includes('dob-missing');
    });
    expect(share('dob-swapped', dayAtMost12)).toBeCloseTo(0.2, 1);
    expect(share('grade-off-by-one', rows)).toBeCloseTo(0.1, 1);
    const notNicknamed = rows.filter((r) => !r.tags.includes('first-nickname'));
    expect(share('first-typo', notNicknamed)).toBeCloseTo(0.1, 1);

    for (const { row, clever, tags } of rows) {
      const role = clever!.roles.student!;
      const first = clever!.name!.first!;
      if (tags.includes('dob-swapped')) {
        const [m, d, y] = role.dob!.split('/');
        expect(row['Birth Date']).toBe(`${d}/${m}/${y}`);
      }
      const fold = (name: string) => stripAccents(name).toLowerCase();
      if (tags.includes('first-typo')) expect(editDistance(fold(row['First Name']), fold(first))).toBe(1);
      if (tags.includes('first-nickname'))
        expect(table.get(stripAccents(first).toLowerCase())).toContain(row['First Name'].toLowerCase());
      if (tags.includes('sis-leading-zeros-lost')) {
        expect(role.sis_id).toMatch(/^0/);
        expect(row['SIS ID']).toBe(role.sis_id!.replace(/^0+/, ''));
      }
      if (tags.includes('email-uppercase')) expect(row.Email).toBe(row.Email.toUpperCase());
      const nameTags = ['first-typo', 'first-nickname', 'accents-dropped', 'name-uppercase'];
      if (!tags.some((tag) => nameTags.includes(tag))) expect(row['First Name']).toBe(first);
      const noDobTag = !tags.some((tag) => tag.startsWith('dob-'));
      if (noDobTag) expect(row['Birth Date']).toBe(role.dob);
    }
  });

  it('has people only one side knows, duplicates on both sides, twins and namesakes', () => {
    const app = base.app.student;
    const appRows = app.rows.length;
    const appOnly = [...app.truth.values()].filter((id) => id === null).length;
    expect(appOnly / appRows).toBeGreaterThan(0.05);
    expect(appOnly / appRows).toBeLessThan(0.1);
    const students = base.users.filter((user) => user.roles.student);
    const inApp = new Set(app.truth.values());
    const cleverOnly = students.filter((user) => !inApp.has(user.id)).length;
    expect(cleverOnly / students.length).toBeGreaterThan(0.05);
    expect(cleverOnly / students.length).toBeLessThan(0.1);
    expect(app.duplicateIds.size / appRows).toBeGreaterThan(0.002);
    expect(base.cleverDuplicates.size).toBeGreaterThan(0);
    const tags = [...app.noise.values()].flat();
    for (const tag of ['twin', 'namesake', 'sis-stale', 'sis-foreign', 'hyphen-shortened', 'accents-dropped'])
      expect(tags).toContain(tag);
  });

  it('fills app ids per profile: mostly present for ids-present, mostly empty for ids-absent', () => {
    const filled = (district: SyntheticDistrict) =>
      district.app.student.rows.filter((row) => row[5] !== '').length / district.app.student.rows.length;
    const absent = generateDistrict({ seed: 11, students: 2000, profile: 'ids-absent' });
    expect(filled(base)).toBeGreaterThan(0.9);
    expect(filled(absent)).toBeLessThan(0.1);
  });

  it('gives teachers realistic noise: changed surnames and old email domains', () => {
    const district = generateDistrict({
      seed: 3,
      students: 16_000,
      noise: { surnameChanged: 0.2, oldEmailDomain: 0.2 },
    });
    const app = district.app.teacher;
    const users = cleverById(district);
    const lastIndex = app.headers.findIndex((h) => /last/i.test(h));
    const emailIndex = app.headers.findIndex((h) => /email/i.test(h));
    let changed = 0;
    for (const cells of app.rows) {
      const tags = app.noise.get(cells[0]) ?? [];
      const teacher = users.get(app.truth.get(cells[0]) ?? '');
      if (!teacher) continue;
      if (tags.includes('surname-changed')) {
        changed++;
        expect(cells[lastIndex]).not.toBe(teacher.name?.last);
      }
      if (tags.includes('old-email-domain'))
        expect(cells[emailIndex].toLowerCase()).toMatch(/\.k12\.[a-z]{2}\.us$/);
    }
    expect(changed / app.rows.length).toBeGreaterThan(0.1);
  });

  it('gives every district one or two Clever district admins on its email domain, after everyone else', () => {
    for (const seed of [1, 2, 3, 4, 11, 12]) {
      const district = seed === 11 ? base : generateDistrict({ seed, students: 200 });
      const domain = district.users.find((user) => user.roles.student?.email)?.email?.split('@')[1];
      const admins = district.users.filter((user) => user.roles.district_admin);
      expect(admins.length).toBeGreaterThanOrEqual(1);
      expect(admins.length).toBeLessThanOrEqual(2);
      expect(district.users.slice(-admins.length)).toEqual(admins);
      for (const admin of admins) {
        expect(admin.id).toMatch(/^[0-9a-f]{24}$/);
        expect(admin.district).toBe(district.district.id);
        expect(admin.name?.first).toBeTruthy();
        expect(admin.name?.last).toBeTruthy();
        expect(admin.email?.split('@')[1]).toBe(domain);
        expect(admin.roles.district_admin?.title).toBeTruthy();
        expect(Object.keys(admin.roles)).toEqual(['district_admin']);
      }
    }
  });

  it('gives district admins their own id kind, so every other kind keeps its ids from 0 without a gap', () => {
    for (const [role, kind] of [
      ['student', 2],
      ['teacher', 3],
      ['staff', 4],
      ['district_admin', 8],
    ] as const) {
      const ids = base.users.filter((user) => user.roles[role]).map((user) => user.id);
      expect(ids).toEqual(ids.map((_, n) => cleverId(11, kind, n)));
    }
  });

  it('varies the app header spelling with the seed and builds sections from the roster', () => {
    const styles = new Set(
      [1, 2, 3].map((seed) => generateDistrict({ seed, students: 300 }).app.student.headers[1]),
    );
    expect(styles).toEqual(new Set(['First Name', 'first_name']));
    const ids = new Set(base.users.map((user) => user.id));
    expect(base.sections.length).toBeGreaterThan(0);
    for (const section of base.sections) {
      expect(ids.has(section.teacher ?? '')).toBe(true);
      for (const student of section.students ?? []) expect(ids.has(student)).toBe(true);
    }
  });
});
