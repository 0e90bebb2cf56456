import { describe, expect, it } from 'vitest';
import { subjectCategory } from '../../../../lib/match/sections/subject.ts';

describe('subjectCategory', () => {
  it.each([
    ['Algebra I', 'math'],
    ['Grade 4 Math - Nguyen - 2', 'math'],
    ['english/language arts', 'english/language arts'],
    ['Language Arts 3', 'english/language arts'],
    ['Spanish II', 'language'],
    ['AP Biology', 'science'],
    ['US History', 'social studies'],
    ['PE and health', 'PE and health'],
    ['Concert Band', 'arts and music'],
  ])('reads "%s" as %s', (raw, category) => {
    expect(subjectCategory(raw)).toBe(category);
  });

  it('returns "" when no word names a subject', () => {
    expect(subjectCategory('Room 12 - Ortiz')).toBe('');
  });
});
