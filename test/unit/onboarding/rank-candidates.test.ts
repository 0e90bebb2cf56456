import { describe, expect, it } from 'vitest';
import {
  matchByNumbers,
  rankCandidateOrgs,
  relatedDistricts,
} from '../../../lib/onboarding/rank-candidates.ts';
import type { DistrictRecord, OrgRecord } from '../../../lib/ports/onboarding.ts';

function district(overrides: Partial<DistrictRecord>): DistrictRecord {
  return {
    districtId: 'd1',
    emailDomains: [],
    connection: 'connected',
    firstSeenAt: '2026-01-01T00:00:00.000Z',
    loginAttempts: 0,
    loginUserTypes: [],
    openConflicts: 0,
    schoolCount: 12,
    ...overrides,
  };
}

function org(overrides: Partial<OrgRecord>): OrgRecord {
  return {
    orgId: 'o1',
    name: 'Org',
    mdrNumbers: [],
    ncesIds: [],
    emailDomains: [],
    districtIds: [],
    ...overrides,
  };
}

describe('matchByNumbers', () => {
  const springfield = org({ orgId: 'springfield', mdrNumbers: ['01234567'], ncesIds: ['0612345'] });
  const shelbyville = org({ orgId: 'shelbyville', mdrNumbers: ['07654321'] });

  it('links a district whose MDR number matches exactly one org', () => {
    const result = matchByNumbers(district({ mdrNumber: '01234567' }), [springfield, shelbyville]);
    expect(result).toEqual({ kind: 'unique', org: springfield, evidence: ['MDR 01234567 exact'] });
  });

  it('links on an NCES id alone', () => {
    const result = matchByNumbers(district({ ncesId: '0612345' }), [springfield, shelbyville]);
    expect(result.kind === 'unique' && result.org.orgId).toBe('springfield');
  });

  it('sends a district without numbers to review', () => {
    expect(matchByNumbers(district({}), [springfield])).toEqual({ kind: 'review', reason: 'no_numbers' });
  });

  it('sends a single-school "district" to review even when its number matches', () => {
    const result = matchByNumbers(district({ mdrNumber: '01234567', schoolCount: 1 }), [springfield]);
    expect(result).toEqual({ kind: 'review', reason: 'single_school' });
  });

  it('sends a number that two orgs share to review', () => {
    const twin = org({ orgId: 'twin', mdrNumbers: ['01234567'] });
    const result = matchByNumbers(district({ mdrNumber: '01234567' }), [springfield, twin]);
    expect(result).toEqual({ kind: 'review', reason: 'ambiguous' });
  });

  it('sends MDR and NCES numbers that point at different orgs to review', () => {
    const result = matchByNumbers(district({ mdrNumber: '07654321', ncesId: '0612345' }), [
      springfield,
      shelbyville,
    ]);
    expect(result).toEqual({ kind: 'review', reason: 'ambiguous' });
  });
});

describe('rankCandidateOrgs', () => {
  const orgs = [
    org({
      orgId: 'spr-il',
      name: 'Springfield Public Schools',
      usState: 'IL',
      emailDomains: ['sps.example.org'],
    }),
    org({ orgId: 'spr-or', name: 'Springfield School District', usState: 'OR' }),
    org({ orgId: 'shelby', name: 'Shelbyville USD', usState: 'IL' }),
    org({ orgId: 'far', name: 'Capital City Academy', usState: 'IL' }),
  ];

  it('ranks the same-state, same-domain org first and explains why', () => {
    const ranked = rankCandidateOrgs(
      district({ name: 'Springfield USD #186', usState: 'IL', emailDomains: ['sps.example.org'] }),
      orgs,
    );
    expect(ranked.map((candidate) => candidate.orgId)).toEqual(['spr-il', 'spr-or']);
    expect(ranked[0].evidence).toEqual(
      expect.arrayContaining(['roster email domain sps.example.org', 'same state IL']),
    );
    expect(ranked[1].evidence).toContain('different state (IL vs OR)');
    expect(ranked[0].score).toBeGreaterThan(ranked[1].score);
  });

  it('lists no org that has no evidence at all', () => {
    const ranked = rankCandidateOrgs(district({ name: 'Springfield USD' }), orgs);
    expect(ranked.map((candidate) => candidate.orgId)).not.toContain('far');
  });
});

describe('relatedDistricts', () => {
  it('shows identical names in different states as different districts', () => {
    const il = district({ districtId: 'il', name: 'Springfield USD', usState: 'IL' });
    const or = district({ districtId: 'or', name: 'Springfield Unified School District', usState: 'OR' });
    expect(relatedDistricts(il, [il, or])).toEqual({ sameNameOtherState: ['or'], possibleSameDistrict: [] });
  });

  it('shows several Clever accounts of one district (same NCES id) as possibly the same district', () => {
    const main = district({ districtId: 'main', name: 'Springfield USD', ncesId: '0612345' });
    const second = district({ districtId: 'second', name: 'Springfield High (pilot)', ncesId: '0612345' });
    expect(relatedDistricts(main, [main, second]).possibleSameDistrict).toEqual(['second']);
  });
});
