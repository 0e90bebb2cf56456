import { describe, expect, it } from 'vitest';
import type { CleverSection } from '../../../../lib/clever/types.ts';
import { CleverSections, cleverSectionHeaders } from '../../../../lib/match/sections/clever-sections.ts';
import { EXAMPLE_SECTION } from '../../../integration/clever/fixtures.ts';

// A co-teacher listed before the primary one, and a second student, on the §4 example section.
const section: CleverSection = {
  ...(EXAMPLE_SECTION.data as CleverSection),
  teachers: ['65a00000000000000000a202', '65a00000000000000000a201'],
  students: ['65a00000000000000000a101', '65a00000000000000000a102'],
};

describe('CleverSections', () => {
  it('writes one cell per header, with co-teachers primary first and the students counted', () => {
    const roster = new CleverSections();
    roster.add(section);
    const row = Object.fromEntries(cleverSectionHeaders().map((header, i) => [header, roster.row(0)[i]]));
    expect(row).toMatchObject({
      'clever.id': section.id,
      'clever.school': section.school,
      'clever.name': 'Grade 4 Math - Nguyen - 2',
      'clever.period': '2',
      'clever.teacher': '65a00000000000000000a201',
      'clever.teachers': '65a00000000000000000a201;65a00000000000000000a202',
      'clever.student_count': '2',
    });
  });

  it('resolves course name/number and term name when the district’s courses and terms are given', () => {
    const roster = new CleverSections({
      courses: [{ id: section.course as string, district: section.district, name: 'Math 4', number: 'M400' }],
      terms: [{ id: section.term_id as string, district: section.district, name: 'Fall 2024' }],
    });
    roster.add(section);
    expect(roster.sections[0]).toMatchObject({
      courseName: 'Math 4',
      courseNumber: 'M400',
      term: 'Fall 2024',
      teachers: ['65a00000000000000000a201', '65a00000000000000000a202'],
      students: section.students,
    });
  });

  it('counts and leaves out a record without an id', () => {
    const roster = new CleverSections();
    roster.add({ ...section, id: '' });
    expect(roster.size).toBe(0);
    expect(roster.skippedWithoutId).toBe(1);
  });
});
