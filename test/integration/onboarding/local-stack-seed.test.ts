// What `npm start` seeds for onboarding, checked over HTTP against the local stack as a new user drives
// it: the pick list it points to, and the "Log in with Clever" round trip it tells them to make.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAdminApi } from '../../../infra/local/admin-api.ts';
import { type LocalStack, startLocalStack } from '../../../infra/local/stack.ts';
import type { AdminDistrictView } from '../../../lib/onboarding/admin-districts.ts';

let stack: LocalStack;
let seeded: NonNullable<LocalStack['onboarding']>;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, seed: 1, seedOnboarding: true });
  if (!stack.onboarding) throw new Error('no onboarding seed');
  seeded = stack.onboarding;
});
afterAll(() => stack?.close());

const districts = async (status: string) =>
  (
    await callAdminApi<{ districts: AdminDistrictView[] }>(
      stack.state,
      'GET',
      `/admin/districts?status=${status}`,
    )
  ).districts;

describe("the local stack's onboarding seed", () => {
  it('imports every emulator district, keeps the demo district linked and links one more by its MDR number', async () => {
    expect(seeded.imported.imported.sort()).toEqual(
      stack.emulator
        .districts()
        .map((d) => d.id)
        .sort(),
    );
    expect(seeded.imported.failed).toEqual([]);
    const linked = await districts('linked');
    const byNumber = linked.filter((district) => district.districtId !== stack.demo.districtId);
    expect(linked.find((district) => district.districtId === stack.demo.districtId)?.orgId).toBe(
      stack.demo.orgId,
    );
    expect(byNumber).toHaveLength(1);
    expect(seeded.imported.autoLinked).toEqual([
      { districtId: byNumber[0].districtId, orgId: byNumber[0].orgId },
    ]);
    const org = seeded.demo.organisations[byNumber[0].orgId ?? ''];
    expect(org.mdrNumbers).toContain(byNumber[0].mdrNumber);
  });

  it('lists every other district as unlinked, each with ranked candidate organisations and their evidence', async () => {
    const unlinked = await districts('unlinked');
    expect(unlinked.length).toBe(stack.emulator.districts().length - 2);
    for (const district of unlinked) {
      expect(district.candidates.length).toBeGreaterThan(0);
      const scores = district.candidates.map((candidate) => candidate.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const candidate of district.candidates) expect(candidate.evidence.length).toBeGreaterThan(0);
    }
    const evidence = unlinked
      .flatMap((district) => district.candidates.flatMap((c) => c.evidence))
      .join('\n');
    expect(evidence).toMatch(/roster email domain/);
    expect(evidence).toMatch(/different state/);
    const emailFirst = unlinked.find((district) =>
      /roster email domain/.test(district.candidates[0].evidence[0]),
    );
    expect(emailFirst?.candidates.at(-1)?.evidence.join(';')).toMatch(/different state/);
  });

  it('links the district it names through its Clever district admin\'s "Log in with Clever"', async () => {
    const { linkOrgId, linkDistrict } = seeded.demo;
    expect(linkDistrict.admins.length).toBeGreaterThan(0);
    expect((await districts('unlinked')).map((district) => district.districtId)).toContain(linkDistrict.id);
    const created = await fetch(`${stack.apiUrl}/admin/orgs/${linkOrgId}/clever-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    const { url } = (await created.json()) as { url: string };
    const cookie = (created.headers.get('set-cookie') ?? '').split(';')[0];
    const authorize = new URL(url);
    authorize.searchParams.set('login_as', linkDistrict.admins[0].id);
    const atClever = await fetch(authorize, { redirect: 'manual' });
    const callback = await fetch(atClever.headers.get('location') ?? '', {
      headers: { cookie },
      redirect: 'manual',
    });

    expect(callback.headers.get('location')).toBe(`${stack.apiUrl}/oauth/clever/link?outcome=linked`);
    const linked = await districts('linked');
    expect(linked.find((district) => district.districtId === linkDistrict.id)?.orgId).toBe(linkOrgId);
  });
});
