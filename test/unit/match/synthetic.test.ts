// Quality on the project's synthetic districts (lib/synth), run through the same header mapping and
// Clever projection the CLI uses, against the generator's truth.
import { describe, expect, it } from 'vitest';
import { generateDistrict, type SynthProfile } from '../../../dev/synth/district.ts';
import { CleverPeople, schoolNameIndex } from '../../../lib/match/clever-people.ts';
import { matchPeople } from '../../../lib/match/engine.ts';
import { mapColumns } from '../../../lib/match/headers.ts';
import type { PersonFields } from '../../../lib/match/types.ts';

function appPeople(headers: string[], rows: string[][], kind: 'student' | 'teacher'): PersonFields[] {
  const mapping = mapColumns(headers, kind, 0);
  const single = [...mapping.fields].filter(([field]) => field !== 'school');
  const schoolColumns = mapping.fields.get('school') ?? [];
  return rows.map((row) => {
    const person: Record<string, unknown> = {};
    for (const [field, columns] of single) person[field] = row[columns[0]];
    person.schools = schoolColumns.map((c) => row[c]).filter((s) => s.trim() !== '');
    return person as PersonFields;
  });
}

describe.each<SynthProfile>(['ids-present', 'ids-absent'])(
  'matchPeople on a synthetic district (%s)',
  (profile) => {
    const district = generateDistrict({ seed: 11, students: 4000, teachers: 400, profile });

    it.each(['student', 'teacher'] as const)('matches %ss with precision ≥ 0.999 and high recall', (kind) => {
      const exported = district.app[kind];
      const app = appPeople(exported.headers, exported.rows, kind);
      const roster = new CleverPeople(kind, schoolNameIndex(district.schools));
      for (const user of district.users) roster.add(user);
      const result = matchPeople(app, roster.people, { type: kind });
      const cleverDuplicates = new Set([...district.cleverDuplicates].flat());
      let truePositives = 0;
      let falsePositives = 0;
      let matchable = 0;
      exported.rows.forEach((row, i) => {
        const truth = exported.truth.get(row[0]) ?? null;
        const duplicate =
          exported.duplicateIds.has(row[0]) || [...exported.duplicateOf.values()].includes(row[0]);
        if (truth !== null && !duplicate && !cleverDuplicates.has(truth)) matchable++;
        const outcome = result.app[i];
        if (outcome.result !== 'match') return;
        if (roster.ids[outcome.cleverIndex!] === truth) truePositives++;
        else falsePositives++;
      });
      expect(truePositives / (truePositives + falsePositives)).toBeGreaterThanOrEqual(0.999);
      // Teachers without ids whose surname changed with their e-mail address can only be suggestions.
      expect(truePositives / matchable).toBeGreaterThanOrEqual(kind === 'student' ? 0.99 : 0.95);
    });
  },
);
