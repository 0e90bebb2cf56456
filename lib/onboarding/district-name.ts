// District names arrive in many spellings of the same thing ("Springfield USD #12", "Springfield Unified
// School District"). Ranking compares the distinctive part of the name only, so the generic forms are
// stripped before any similarity is measured. "County" and "City" stay: Baltimore County and Baltimore
// City are different districts.

const GENERIC_FORMS: readonly RegExp[] = [
  /\bunified school district\b/g,
  /\bindependent school district\b/g,
  /\bconsolidated school district\b/g,
  /\bcommunity school district\b/g,
  /\bcommunity unit school district\b/g,
  /\bpublic school district\b/g,
  /\bschool district\b/g,
  /\bpublic schools\b/g,
  /\bschool system\b/g,
  /\bschools\b/g,
  /\bdistrict\b/g,
  /\b(?:usd|isd|cisd|csd|cusd|sd|ud|rsd|ps)\b/g,
];

/** Canonical comparison form: lower case, accents and punctuation removed, generic district forms dropped. */
export function normaliseDistrictName(name: string): string {
  let text = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/#demo\b/g, ' ')
    .replace(/\bno\.?\s*(?=\d)/g, ' ')
    .replace(/\b([a-z])\./g, '$1')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ');
  for (const form of GENERIC_FORMS) text = text.replace(form, ' ');
  return text.replace(/\s+/g, ' ').trim();
}

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const padded = ` ${text} `;
  for (let index = 0; index < padded.length - 1; index++) {
    const gram = padded.slice(index, index + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/**
 * Sørensen–Dice similarity (0–1) of the normalised names' character bigrams: robust to word order and
 * small typos, and cheap enough to compare every unlinked district with every organisation.
 */
export function districtNameSimilarity(left: string, right: string): number {
  const a = normaliseDistrictName(left);
  const b = normaliseDistrictName(right);
  if (a === '' || b === '') return 0;
  if (a === b) return 1;
  const gramsA = bigrams(a);
  const gramsB = bigrams(b);
  let shared = 0;
  let total = 0;
  for (const [gram, count] of gramsA) {
    shared += Math.min(count, gramsB.get(gram) ?? 0);
    total += count;
  }
  for (const count of gramsB.values()) total += count;
  return (2 * shared) / total;
}
