// A section's subject as one of Clever's subject categories (clever-api.md §2.9), read from its subject,
// course name or section name. Self-contained elementary classes share teacher and students across their
// Math, Reading and Science sections, so the subject is what tells those sections apart; apps rarely use
// Clever's enum ("Mathematics", "Algebra I", "ELA"), hence keywords rather than equality.

import { normalizeText } from '../normalize.ts';

const CATEGORY_WORDS: ReadonlyArray<[string, readonly string[]]> = [
  [
    'math',
    [
      'math',
      'maths',
      'mathematics',
      'algebra',
      'geometry',
      'calculus',
      'precalculus',
      'trigonometry',
      'statistics',
    ],
  ],
  [
    'english/language arts',
    ['english', 'ela', 'reading', 'writing', 'literature', 'literacy', 'phonics', 'spelling', 'composition'],
  ],
  ['science', ['science', 'biology', 'chemistry', 'physics', 'anatomy', 'environmental', 'geology']],
  [
    'social studies',
    ['social', 'history', 'civics', 'government', 'geography', 'economics', 'psychology', 'sociology'],
  ],
  [
    'language',
    ['language', 'spanish', 'french', 'german', 'chinese', 'mandarin', 'latin', 'japanese', 'italian'],
  ],
  ['homeroom/advisory', ['homeroom', 'advisory']],
  ['PE and health', ['pe', 'physical', 'health', 'fitness', 'gym']],
  [
    'arts and music',
    ['art', 'arts', 'music', 'band', 'choir', 'chorus', 'orchestra', 'drama', 'theater', 'theatre'],
  ],
  [
    'technology and engineering',
    ['technology', 'engineering', 'computer', 'coding', 'programming', 'robotics'],
  ],
  ['interventions/online learning', ['intervention', 'interventions']],
];

const CATEGORY_OF = new Map<string, string>(
  CATEGORY_WORDS.flatMap(([category, words]) => words.map((word) => [word, category] as [string, string])),
);

/** The subject category the first recognised word of `raw` names; "" when none ("other", "Room 12"). */
export function subjectCategory(raw: string | undefined): string {
  // "Language Arts" is English, not a world language.
  const text = normalizeText(raw).replace(/\blanguage arts\b/g, 'ela');
  for (const word of text.split(' ')) {
    const category = CATEGORY_OF.get(word);
    if (category) return category;
  }
  return '';
}
