// A small seeded population of students present on both sides, as the realistic background that the
// engine's unsupervised model learns from; individual tests add the records their scenario needs.

import type { PersonFields } from '../../../lib/match/types.ts';
import { mulberry32 } from '../../../lib/random.ts';

const FIRST = `ava liam emma noah olivia mason sophia lucas mia ethan amelia logan harper jacob evelyn aiden
abigail elijah emily james ella benjamin chloe henry grace owen lily wyatt zoe jack nora caleb hazel isaac
aria julian layla levi riley ryan stella nathan violet`.split(/\s+/);
const LAST = `smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez wilson
anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson
walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell`.split(
  /\s+/,
);
const SCHOOLS = ['Maple Elementary', 'Lincoln Middle School', 'Oak High School', 'Cedar Elementary'];

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export interface Population {
  app: PersonFields[];
  clever: PersonFields[];
}

/** `size` students, each once in the app (M/D/YYYY dates) and once in Clever (ISO dates), ids 100000+. */
export function population(size: number, seed = 7): Population {
  const random = mulberry32(seed); // deterministic: every run sees the same population
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const app: PersonFields[] = [];
  const clever: PersonFields[] = [];
  for (let n = 0; n < size; n++) {
    const first = capital(pick(FIRST));
    const last = capital(pick(LAST));
    const year = 2008 + Math.floor(random() * 12);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const grade = String(2025 - year - 5);
    const sisId = String(100000 + n);
    const school = pick(SCHOOLS);
    const gender = random() < 0.5 ? 'M' : 'F';
    clever.push({
      first,
      last,
      dob: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      sisId,
      grade,
      gender,
      schools: [school],
      email: `${first}.${last}${n}@district.example`.toLowerCase(),
    });
    app.push({
      first: random() < 0.1 ? first.toUpperCase() : first,
      last,
      dob: `${month}/${day}/${year}`,
      sisId,
      grade,
      gender,
      schools: [school],
    });
  }
  return { app, clever };
}
