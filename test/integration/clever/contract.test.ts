// One contract, two directions: the emulator must answer exactly like the examples of
// shared/clever-api.md §4 (envelopes, links, paging, headers), and the client must read everything
// the emulator serves through the same documented shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CleverEmulator, startCleverEmulator } from '../../../dev/clever-emulator/start.ts';
import { collect } from '../../../lib/async-iterables.ts';
import { type CleverClient, type CleverCollection, createCleverClient } from '../../../lib/clever/client.ts';
import type { CleverUser } from '../../../lib/clever/types.ts';
import {
  EXAMPLE_DISTRICT,
  EXAMPLE_EVENTS_PAGE,
  EXAMPLE_ME,
  EXAMPLE_ME_USER_ID,
  EXAMPLE_SCHOOL,
  EXAMPLE_SECTION,
  EXAMPLE_STUDENT,
  EXAMPLE_TEACHER,
  EXAMPLE_TOKEN_ENTRY_KEYS,
  EXAMPLE_TOKEN_LIST_SELF,
  exampleDataset,
} from './fixtures.ts';

const FILLER_STUDENTS = 250;
const DISTRICT_ID = EXAMPLE_DISTRICT.data.id;

let emulator: CleverEmulator;
let token: string;
let client: CleverClient;

async function api(path: string, bearer = token) {
  const response = await fetch(`${emulator.apiUrl}${path}`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  const text = await response.text();
  const body = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body };
}

beforeAll(async () => {
  emulator = await startCleverEmulator({ data: [exampleDataset(FILLER_STUDENTS)] });
  token = emulator.tokens[DISTRICT_ID];
  client = createCleverClient({ apiBase: emulator.apiUrl, oauthBase: emulator.oauthUrl, pageSize: 40 });
});

afterAll(() => emulator.close());

describe('emulator answers like the clever-api.md §4 examples', () => {
  it.each([
    ['district', `/v3.0/districts/${DISTRICT_ID}`, EXAMPLE_DISTRICT],
    ['school', `/v3.0/schools/${EXAMPLE_SCHOOL.data.id}`, EXAMPLE_SCHOOL],
    ['student user', `/v3.0/users/${EXAMPLE_STUDENT.data.id}`, EXAMPLE_STUDENT],
    ['teacher user', `/v3.0/users/${EXAMPLE_TEACHER.data.id}`, EXAMPLE_TEACHER],
    ['section', `/v3.0/sections/${EXAMPLE_SECTION.data.id}`, EXAMPLE_SECTION],
    [
      'events page after a cursor',
      '/v3.0/events?starting_after=65b0000000000000000e0001',
      EXAMPLE_EVENTS_PAGE,
    ],
  ])('serves the %s example exactly, links included', async (_name, path, example) => {
    const { status, body } = await api(path);
    expect(status).toBe(200);
    expect(body).toEqual(example);
  });

  it('serves the /me example for an SSO login of that user', async () => {
    const location = await loginAs(EXAMPLE_ME_USER_ID);
    const code = new URL(location).searchParams.get('code')!;
    const sso = await client.exchangeCode({
      code,
      redirectUri: emulator.clients[0].redirectUris[0],
      credentials: emulator.clients[0],
    });
    const { body } = await api('/v3.0/me', sso.accessToken);
    expect(body).toEqual(EXAMPLE_ME);
  });

  it('lists district tokens in the documented shape with a self link mirroring the request', async () => {
    const basic = Buffer.from(`${emulator.clients[0].clientId}:${emulator.clients[0].clientSecret}`).toString(
      'base64',
    );
    const all = await fetch(`${emulator.oauthUrl}${EXAMPLE_TOKEN_LIST_SELF}`, {
      headers: { authorization: `Basic ${basic}` },
    });
    const body = (await all.json()) as { data: Record<string, unknown>[]; links: unknown };
    expect(Object.keys(body.data[0]).sort()).toEqual(EXAMPLE_TOKEN_ENTRY_KEYS);
    expect(body.data[0].owner).toEqual({ type: 'district', id: DISTRICT_ID });
    expect(body.data[0].created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(body.links).toEqual([{ rel: 'self', uri: EXAMPLE_TOKEN_LIST_SELF }]);
    const filtered = `${EXAMPLE_TOKEN_LIST_SELF}&district=${DISTRICT_ID}`;
    const one = (await (
      await fetch(`${emulator.oauthUrl}${filtered}`, { headers: { authorization: `Basic ${basic}` } })
    ).json()) as { links: unknown };
    expect(one.links).toEqual([{ rel: 'self', uri: filtered }]);
  });

  it('wraps list items with their canonical uri and returns 100 records by default', async () => {
    const { body } = await api('/v3.0/users');
    expect(body.data).toHaveLength(100);
    expect(body.data[0]).toEqual({
      data: expect.objectContaining({ id: EXAMPLE_ME_USER_ID }),
      uri: `/v3.0/users/${EXAMPLE_ME_USER_ID}`,
    });
    expect(body.links).toEqual([
      { rel: 'self', uri: '/v3.0/users' },
      { rel: 'next', uri: `/v3.0/users?starting_after=${body.data[99].data.id}` },
    ]);
  });

  it('keeps existing parameters first in next and prev links and drops next on the last page', async () => {
    const first = await api('/v3.0/users?role=student&limit=3');
    const last3 = first.body.data.map((item: { data: CleverUser }) => item.data.id);
    const nextUri = first.body.links.find((link: { rel: string }) => link.rel === 'next').uri;
    expect(nextUri).toBe(`/v3.0/users?role=student&limit=3&starting_after=${last3[2]}`);
    expect(first.body.links.some((link: { rel: string }) => link.rel === 'prev')).toBe(false);

    const second = await api(nextUri);
    const secondIds = second.body.data.map((item: { data: CleverUser }) => item.data.id);
    expect(second.body.links).toContainEqual({
      rel: 'prev',
      uri: `/v3.0/users?role=student&limit=3&ending_before=${secondIds[0]}`,
    });
    const back = await api(`/v3.0/users?role=student&limit=3&ending_before=${secondIds[0]}`);
    expect(back.body.data.map((item: { data: CleverUser }) => item.data.id)).toEqual(last3);

    const students = (await api('/v3.0/users?role=student&limit=10000')).body.data;
    const tail = await api(`/v3.0/users?role=student&limit=3&starting_after=${students.at(-2).data.id}`);
    expect(tail.body.data).toHaveLength(1);
    expect(tail.body.links.map((link: { rel: string }) => link.rel)).toEqual(['self', 'prev']);
    const beyond = await api(`/v3.0/users?role=student&starting_after=${students.at(-1).data.id}`);
    expect(beyond.body).toEqual({
      data: [],
      links: [{ rel: 'self', uri: `/v3.0/users?role=student&starting_after=${students.at(-1).data.id}` }],
    });
  });

  it('answers 413 for a limit over 10000 and 400 for a malformed limit or cursor', async () => {
    expect((await api('/v3.0/users?limit=10000')).status).toBe(200);
    const tooLarge = await api('/v3.0/users?limit=10001');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toEqual({ message: expect.stringContaining('10000') });
    expect((await api('/v3.0/users?limit=0')).status).toBe(400);
    expect((await api('/v3.0/users?starting_after=nope')).status).toBe(400);
  });

  it('sends rate-limit, cache and CORS headers on Data API answers but not on OAuth ones', async () => {
    const { headers } = await api('/v3.0/schools');
    expect(headers.get('x-ratelimit-bucket')).toBe('bearer');
    expect(headers.get('x-ratelimit-limit')).toBe('1200');
    expect(Number(headers.get('x-ratelimit-remaining'))).toBeLessThan(1200);
    expect(Number(headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('x-request-id')).toMatch(/^[0-9a-f]+$/);
    const info = await fetch(`${emulator.oauthUrl}/oauth/tokeninfo`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(info.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('answers unknown routes and records of other districts the way Clever does', async () => {
    const unknown = await api('/v3.0/widgets');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('Cannot GET /v3.0/widgets');
    expect((await api('/v3.0/users/ffffffffffffffffffffffff')).body).toEqual({
      message: 'Resource not found',
    });
    expect((await api('/v3.0/districts/ffffffffffffffffffffffff')).status).toBe(404);
    expect((await api('/v3.0/users', 'not-a-token')).status).toBe(401);
  });
});

describe('client reads the emulator through the documented shapes', () => {
  it('streams every user exactly once across pages, in ascending id order', async () => {
    const users = await collect(client.listUsers({ token }));
    const ids = users.map((user) => user.id);
    expect(ids).toHaveLength(3 + FILLER_STUDENTS);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('filters users by role', async () => {
    const teachers = await collect(client.listUsers({ token, role: 'teacher' }));
    expect(teachers).toEqual([EXAMPLE_TEACHER.data]);
    const students = await collect(client.listUsers({ token, role: 'student', pageSize: 10_000 }));
    expect(students).toHaveLength(1 + FILLER_STUDENTS);
  });

  it('reads the district, schools, sections, terms and courses', async () => {
    expect(await client.getDistrict({ token })).toEqual(EXAMPLE_DISTRICT.data);
    expect(await client.getDistrict({ token, id: DISTRICT_ID })).toEqual(EXAMPLE_DISTRICT.data);
    expect(await collect(client.listSchools({ token }))).toEqual([EXAMPLE_SCHOOL.data]);
    expect(await collect(client.listSections({ token }))).toEqual([EXAMPLE_SECTION.data]);
    expect((await collect(client.listTerms({ token }))).map((term) => term.id)).toEqual([
      EXAMPLE_SECTION.data.term_id,
    ]);
    expect((await collect(client.listCourses({ token }))).map((course) => course.id)).toEqual([
      EXAMPLE_SECTION.data.course,
    ]);
    expect(await client.getSection({ token, id: EXAMPLE_SECTION.data.id })).toEqual(EXAMPLE_SECTION.data);
  });

  it('follows sub-resources: section users by role, teacher students, student teachers, school users', async () => {
    const relatedUserIds = async (
      collection: CleverCollection,
      id: string,
      relation: string,
      query?: Record<string, string>,
    ) =>
      (await collect(client.listRelated<CleverUser>({ token, collection, id, relation, query }))).map(
        (user) => user.id,
      );
    const section = { token, collection: 'sections' as const, id: EXAMPLE_SECTION.data.id };
    expect(await relatedUserIds('sections', section.id, 'users', { role: 'student' })).toEqual([
      EXAMPLE_STUDENT.data.id,
    ]);
    expect(await client.getRelated({ ...section, relation: 'course' })).toMatchObject({
      id: EXAMPLE_SECTION.data.course,
    });
    expect(await client.getRelated({ ...section, relation: 'school' })).toEqual(EXAMPLE_SCHOOL.data);
    expect(await relatedUserIds('users', EXAMPLE_TEACHER.data.id, 'myStudents')).toEqual([
      EXAMPLE_STUDENT.data.id,
    ]);
    expect(await relatedUserIds('users', EXAMPLE_STUDENT.data.id, 'myTeachers')).toEqual([
      EXAMPLE_TEACHER.data.id,
    ]);
    expect(await relatedUserIds('schools', EXAMPLE_SCHOOL.data.id, 'users', { role: 'teacher' })).toEqual([
      EXAMPLE_TEACHER.data.id,
    ]);
  });

  it('resumes the events feed after the last processed event', async () => {
    const all = await collect(client.listEvents({ token }));
    expect(all.map((event) => event.id)).toEqual(['65b0000000000000000e0001', '65b0000000000000000e0002']);
    const after = await collect(client.listEvents({ token, startingAfter: all[0].id }));
    expect(after).toEqual([EXAMPLE_EVENTS_PAGE.data[0].data]);
    const recorded = emulator.admin.recordEvent(DISTRICT_ID, {
      type: 'users.deleted',
      object: { id: EXAMPLE_STUDENT.data.id },
    });
    const resumed = await collect(client.listEvents({ token, startingAfter: all[1].id }));
    expect(resumed.map((event) => event.id)).toEqual([recorded.id]);
  });

  it('refuses page sizes outside 1..10000 before sending anything', () => {
    expect(() => createCleverClient({ apiBase: emulator.apiUrl, pageSize: 10_001 })).toThrow(/1 to 10000/);
  });
});

/** Approves at once as `userId` and returns the redirect Location. */
async function loginAs(userId: string): Promise<string> {
  const url = client.authorizeUrl({
    clientId: emulator.clients[0].clientId,
    redirectUri: emulator.clients[0].redirectUris[0],
    state: 'contract',
  });
  const response = await fetch(`${url}&login_as=${userId}`, { redirect: 'manual' });
  return response.headers.get('location')!;
}
