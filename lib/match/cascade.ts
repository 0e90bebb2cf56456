// The baseline the engine must beat: an ordered exact-field cascade, as Clever's Matchmaker is believed to
// work (design.md §3, Clever's "match on these fields, in order of most success to least"). Deliberately
// naive — trim and lower-case only — except that dates are compared in one parsed form so the baseline is
// not beaten on date formatting alone (the engine's own date reader is used for that).
import { parseDate } from './normalize.ts';
import type { PersonFields, PersonType } from './types.ts';

export type CascadeRule = 'sisId' | 'number' | 'stateId' | 'dob' | 'email' | 'name';

export const CASCADE_RULES: Record<PersonType, readonly CascadeRule[]> = {
  student: ['sisId', 'number', 'stateId', 'dob', 'email', 'name'],
  teacher: ['email', 'sisId', 'number', 'stateId', 'name'],
  staff: ['email', 'sisId', 'number', 'stateId', 'name'],
  district_admin: ['email', 'name'],
};

export interface CascadePair {
  appIndex: number;
  cleverIndex: number;
  /** The rule that made the pair. */
  rule: CascadeRule;
}

const plain = (value: string | undefined): string => (value ?? '').trim().toLowerCase();

function ruleKey(rule: CascadeRule, person: PersonFields): string {
  switch (rule) {
    case 'dob': {
      const date = parseDate(person.dob);
      return date ? String(date) : '';
    }
    case 'name': {
      const first = plain(person.first);
      const last = plain(person.last);
      return first && last ? `${first} ${last}` : '';
    }
    default:
      return plain(person[rule]);
  }
}

/** Key → the one index holding it, or -1 once a second index shares the key. */
function uniqueIndex(people: PersonFields[], open: Uint8Array, rule: CascadeRule): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < people.length; i++) {
    if (!open[i]) continue;
    const key = ruleKey(rule, people[i]);
    if (!key) continue;
    index.set(key, index.has(key) ? -1 : i);
  }
  return index;
}

/**
 * For each rule in order, among records still unmatched on both sides, pairs records whose field is
 * non-empty, equal, and held by exactly one record on each side.
 */
export function cascadeMatch(app: PersonFields[], clever: PersonFields[], type: PersonType): CascadePair[] {
  const appOpen = new Uint8Array(app.length).fill(1);
  const cleverOpen = new Uint8Array(clever.length).fill(1);
  const pairs: CascadePair[] = [];
  for (const rule of CASCADE_RULES[type]) {
    const cleverIndex = uniqueIndex(clever, cleverOpen, rule);
    for (const [key, appIndex] of uniqueIndex(app, appOpen, rule)) {
      if (appIndex < 0) continue;
      const match = cleverIndex.get(key);
      if (match === undefined || match < 0) continue;
      pairs.push({ appIndex, cleverIndex: match, rule });
      appOpen[appIndex] = 0;
      cleverOpen[match] = 0;
    }
  }
  return pairs;
}
