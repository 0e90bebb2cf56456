import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDistrictsForAdmin, setDistrictOrg } from '../../../lib/onboarding/admin-districts.ts';
import { importDistrictTokens } from '../../../lib/onboarding/tokens.ts';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
let springfieldIl: Harness['districts'][number];
let springfieldOr: Harness['districts'][number];
let pilot: Harness['districts'][number];

beforeAll(async () => {
  h = await startHarness([
    {
      number: 31,
      name: 'Springfield Public Schools',
      usState: 'IL',
      emailDomain: 'sps186.example.org',
      ncesId: '1737000',
    },
    {
      number: 32,
      name: 'Springfield Public Schools',
      usState: 'OR',
      emailDomain: 'springfield.k12.or.example',
    },
    {
      number: 33,
      name: 'Springfield 186 Pilot',
      usState: 'IL',
      emailDomain: 'sps186.example.org',
      ncesId: '1737000',
    },
  ]);
  [springfieldIl, springfieldOr, pilot] = h.districts;
  await h.addOrg({
    orgId: 'spr-il',
    name: 'Springfield Public Schools District 186',
    usState: 'IL',
    emailDomains: ['sps186.example.org'],
  });
  await h.addOrg({ orgId: 'spr-or', name: 'Springfield School District 19', usState: 'OR' });
  await h.addOrg({ orgId: 'capital', name: 'Capital City Academy', usState: 'IL' });
  await importDistrictTokens(h.deps);
});
afterAll(() => h.close());

describe('GET /admin/districts: the pick list', () => {
  it('ranks candidate orgs for each unlinked district with the evidence for each', async () => {
    const districts = await listDistrictsForAdmin(h.deps, { status: 'unlinked' });
    const il = districts.find((district) => district.districtId === springfieldIl.districtId);
    expect(il?.candidates.map((candidate) => candidate.orgId)).toEqual(['spr-il', 'spr-or']);
    expect(il?.candidates[0].evidence).toEqual(
      expect.arrayContaining(['roster email domain sps186.example.org', 'same state IL']),
    );
    expect(il?.candidates[1].evidence).toContain('different state (IL vs OR)');
    const or = districts.find((district) => district.districtId === springfieldOr.districtId);
    expect(or?.candidates[0].orgId).toBe('spr-or');
  });

  it('shows identical names in different states and several Clever accounts of one district as such', async () => {
    const districts = await listDistrictsForAdmin(h.deps, {});
    const il = districts.find((district) => district.districtId === springfieldIl.districtId);
    expect(il?.relations.possibleSameDistrict).toEqual([pilot.districtId]);
    const or = districts.find((district) => district.districtId === springfieldOr.districtId);
    expect(or?.relations.sameNameOtherState).toContain(springfieldIl.districtId);
  });

  it('searches by name, id and number', async () => {
    const ids = async (q: string) =>
      (await listDistrictsForAdmin(h.deps, { q })).map((district) => district.districtId).sort();
    expect(await ids('pilot')).toEqual([pilot.districtId]);
    expect(await ids(springfieldOr.districtId)).toEqual([springfieldOr.districtId]);
    expect(await ids('1737000')).toEqual([springfieldIl.districtId, pilot.districtId].sort());
    expect(await ids('Springfield Unified School District')).toHaveLength(3);
  });

  it('never exposes a stored token or its ciphertext', async () => {
    const text = JSON.stringify(await listDistrictsForAdmin(h.deps, {}));
    for (const district of h.districts) {
      // An undefined token would turn the check into a search for the text "undefined".
      const token = h.emulator.admin.districtToken(district.districtId);
      expect(token).toBeDefined();
      expect(text).not.toContain(token);
    }
    expect(text).not.toContain('tokenCiphertext');
  });
});

describe('PUT / DELETE /admin/districts/{id}/org', () => {
  it('links, corrects and unlinks with an audit trail of who, when, from what to what and on which evidence', async () => {
    const linked = await setDistrictOrg(h.deps, {
      districtId: springfieldIl.districtId,
      orgId: 'capital',
      actor: 'alice',
    });
    expect(linked).toMatchObject({ action: 'link', actor: 'alice', toOrgId: 'capital' });
    const corrected = await setDistrictOrg(h.deps, {
      districtId: springfieldIl.districtId,
      orgId: 'spr-il',
      actor: 'bob',
      expectedOrgId: 'capital',
    });
    expect(corrected).toMatchObject({ action: 'relink', fromOrgId: 'capital', toOrgId: 'spr-il' });
    expect(corrected?.evidence).toContain('roster email domain sps186.example.org');
    expect((await h.deps.store.getOrg('capital'))?.districtIds).toEqual([]);
    expect((await h.deps.store.getOrg('spr-il'))?.districtIds).toEqual([springfieldIl.districtId]);

    const unlinked = await setDistrictOrg(h.deps, {
      districtId: springfieldIl.districtId,
      orgId: undefined,
      actor: 'carol',
    });
    expect(unlinked).toMatchObject({ action: 'unlink', fromOrgId: 'spr-il' });
    expect((await h.deps.store.getDistrict(springfieldIl.districtId))?.orgId).toBeUndefined();
    const audit = await h.deps.store.listAudit(springfieldIl.districtId);
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['link', 'alice'],
      ['relink', 'bob'],
      ['unlink', 'carol'],
    ]);
    expect(audit.every((entry) => !Number.isNaN(Date.parse(entry.at)))).toBe(true);
  });

  it('attaches a second Clever account of the same district to an org when an admin says so', async () => {
    await setDistrictOrg(h.deps, { districtId: springfieldIl.districtId, orgId: 'spr-il', actor: 'alice' });
    await setDistrictOrg(h.deps, { districtId: pilot.districtId, orgId: 'spr-il', actor: 'alice' });
    expect((await h.deps.store.getOrg('spr-il'))?.districtIds.sort()).toEqual(
      [springfieldIl.districtId, pilot.districtId].sort(),
    );
  });

  it('refuses a change based on a stale view (409) and changes nothing', async () => {
    const before = await h.snapshot();
    await expect(
      setDistrictOrg(h.deps, {
        districtId: springfieldOr.districtId,
        orgId: 'spr-or',
        actor: 'dave',
        expectedOrgId: 'capital',
      }),
    ).rejects.toMatchObject({ status: 409, code: 'DISTRICT_LINK_CHANGED' });
    expect(await h.snapshot()).toEqual(before);
  });

  it('lets only one of two admins racing from the same view win', async () => {
    const results = await Promise.allSettled([
      setDistrictOrg(h.deps, {
        districtId: springfieldOr.districtId,
        orgId: 'spr-or',
        actor: 'erin',
        expectedOrgId: null,
      }),
      setDistrictOrg(h.deps, {
        districtId: springfieldOr.districtId,
        orgId: 'capital',
        actor: 'frank',
        expectedOrgId: null,
      }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results[0].status === 'fulfilled' ? 'spr-or' : 'capital';
    const loser = winner === 'spr-or' ? 'capital' : 'spr-or';
    expect((await h.deps.store.getDistrict(springfieldOr.districtId))?.orgId).toBe(winner);
    expect((await h.deps.store.getOrg(loser))?.districtIds ?? []).not.toContain(springfieldOr.districtId);
  });

  it('answers 404 for an unknown district or org', async () => {
    await expect(
      setDistrictOrg(h.deps, { districtId: 'nope', orgId: 'spr-il', actor: 'x' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      setDistrictOrg(h.deps, { districtId: springfieldOr.districtId, orgId: 'nope', actor: 'x' }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
