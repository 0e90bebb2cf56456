// Ranking of candidate organisations for an unlinked district, with the evidence behind each score, and
// the exact MDR/NCES rule that may link without a human. Weights are deliberately simple and explainable:
// an admin reads the evidence, the score only orders the list.

import type { DistrictRecord, OrgRecord } from '../ports/onboarding.ts';
import { districtNameSimilarity, normaliseDistrictName } from './district-name.ts';

export interface CandidateOrg {
  orgId: string;
  name: string;
  score: number;
  evidence: string[];
}

const MIN_NAME_SIMILARITY = 0.35;
const MAX_CANDIDATES = 5;

function canonicalNumber(value: string | undefined): string | undefined {
  const trimmed = value?.trim().toUpperCase();
  return trimmed ? trimmed : undefined;
}

function hasNumber(numbers: string[], value: string | undefined): boolean {
  const wanted = canonicalNumber(value);
  return wanted !== undefined && numbers.some((number) => canonicalNumber(number) === wanted);
}

export type NumberMatch =
  | { kind: 'unique'; org: OrgRecord; evidence: string[] }
  | { kind: 'review'; reason: 'no_numbers' | 'single_school' | 'no_match' | 'ambiguous' };

/**
 * Exact MDR/NCES matching: links only when every number the district has points at the same single org.
 * A missing number, a single-school "district" and a number shared by two orgs all go to review.
 */
export function matchByNumbers(district: DistrictRecord, orgs: OrgRecord[]): NumberMatch {
  if (!canonicalNumber(district.mdrNumber) && !canonicalNumber(district.ncesId)) {
    return { kind: 'review', reason: 'no_numbers' };
  }
  if (district.schoolCount !== undefined && district.schoolCount <= 1)
    return { kind: 'review', reason: 'single_school' };
  const byMdr = orgs.filter((org) => hasNumber(org.mdrNumbers, district.mdrNumber));
  const byNces = orgs.filter((org) => hasNumber(org.ncesIds, district.ncesId));
  const matched = new Set([...byMdr, ...byNces]);
  if (matched.size === 0) return { kind: 'review', reason: 'no_match' };
  if (matched.size > 1 || byMdr.length > 1 || byNces.length > 1)
    return { kind: 'review', reason: 'ambiguous' };
  const [org] = matched;
  const evidence = [
    ...(byMdr.length ? [`MDR ${district.mdrNumber} exact`] : []),
    ...(byNces.length ? [`NCES ${district.ncesId} exact`] : []),
  ];
  return { kind: 'unique', org, evidence };
}

export function rankCandidateOrgs(district: DistrictRecord, orgs: OrgRecord[]): CandidateOrg[] {
  const candidates: CandidateOrg[] = [];
  for (const org of orgs) {
    const evidence: string[] = [];
    let score = 0;
    const similarity = district.name ? districtNameSimilarity(district.name, org.name) : 0;
    if (similarity >= MIN_NAME_SIMILARITY) {
      score += 0.45 * similarity;
      evidence.push(`name ${Math.round(similarity * 100)}% similar`);
    }
    if (hasNumber(org.mdrNumbers, district.mdrNumber)) {
      score += 0.35;
      evidence.push(`MDR ${district.mdrNumber} exact`);
    }
    if (hasNumber(org.ncesIds, district.ncesId)) {
      score += 0.35;
      evidence.push(`NCES ${district.ncesId} exact`);
    }
    const orgDomains = new Set(org.emailDomains.map((domain) => domain.toLowerCase()));
    const sharedDomains = district.emailDomains.filter((domain) => orgDomains.has(domain.toLowerCase()));
    if (sharedDomains.length > 0) {
      score += 0.25;
      evidence.push(`roster email domain ${sharedDomains.join(', ')}`);
    }
    if (evidence.length === 0) continue;
    if (district.usState && org.usState) {
      if (district.usState.toUpperCase() === org.usState.toUpperCase()) {
        score += 0.1;
        evidence.push(`same state ${org.usState}`);
      } else {
        score -= 0.3;
        evidence.push(`different state (${district.usState} vs ${org.usState})`);
      }
    }
    if (org.districtIds.length > 0) evidence.push(`org already linked to ${org.districtIds.join(', ')}`);
    candidates.push({ orgId: org.orgId, name: org.name, score: Math.max(0, Math.min(1, score)), evidence });
  }
  return candidates
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, MAX_CANDIDATES);
}

export interface DistrictRelations {
  /** Other Clever districts with the same normalised name but in another state. */
  sameNameOtherState: string[];
  /** Other Clever accounts that look like the same real district (same MDR/NCES, or same name and state). */
  possibleSameDistrict: string[];
}

export function relatedDistricts(district: DistrictRecord, all: DistrictRecord[]): DistrictRelations {
  const relations: DistrictRelations = { sameNameOtherState: [], possibleSameDistrict: [] };
  const name = district.name ? normaliseDistrictName(district.name) : '';
  for (const other of all) {
    if (other.districtId === district.districtId) continue;
    const sameNumber =
      (canonicalNumber(district.mdrNumber) !== undefined &&
        canonicalNumber(district.mdrNumber) === canonicalNumber(other.mdrNumber)) ||
      (canonicalNumber(district.ncesId) !== undefined &&
        canonicalNumber(district.ncesId) === canonicalNumber(other.ncesId));
    const sameName = name !== '' && other.name !== undefined && normaliseDistrictName(other.name) === name;
    const differentState =
      district.usState !== undefined && other.usState !== undefined && district.usState !== other.usState;
    if (sameNumber || (sameName && !differentState)) relations.possibleSameDistrict.push(other.districtId);
    else if (sameName && differentState) relations.sameNameOtherState.push(other.districtId);
  }
  return relations;
}
