import { describe, expect, it } from 'vitest';
import { districtNameSimilarity, normaliseDistrictName } from '../../../lib/onboarding/district-name.ts';

describe('normaliseDistrictName', () => {
  it.each([
    ['Springfield USD', 'springfield'],
    ['Springfield Unified School District', 'springfield'],
    ['SPRINGFIELD I.S.D.', 'springfield'],
    ['Springfield ISD #12', 'springfield 12'],
    ['Springfield Public Schools', 'springfield'],
    ['#DEMO Certification ISD - Events', 'certification events'],
    ['Cañon City School District No. 1', 'canon city 1'],
    ['St. Mary’s County Public Schools', 'st mary s county'],
  ])('reduces %j to its distinctive part %j', (input, expected) => {
    expect(normaliseDistrictName(input)).toBe(expected);
  });
});

describe('districtNameSimilarity', () => {
  it('treats different spellings of the same district form as identical', () => {
    expect(districtNameSimilarity('Springfield USD', 'Springfield Unified School District')).toBe(1);
    expect(districtNameSimilarity('Riverside ISD', 'Riverside Independent School District')).toBe(1);
  });

  it('scores a typo higher than an unrelated district', () => {
    const typo = districtNameSimilarity('Springfeld Public Schools', 'Springfield USD');
    const unrelated = districtNameSimilarity('Shelbyville Public Schools', 'Springfield USD');
    expect(typo).toBeGreaterThan(0.7);
    expect(unrelated).toBeLessThan(typo);
  });

  it('gives 0 when a name is only a generic form', () => {
    expect(districtNameSimilarity('Public Schools', 'Springfield USD')).toBe(0);
  });
});
