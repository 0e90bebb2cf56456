import { describe, expect, it } from 'vitest';
import type { CleverSchool } from '../../../../lib/clever/types.ts';
import { CleverSchools, cleverSchoolHeaders } from '../../../../lib/match/schools/clever-schools.ts';
import { EXAMPLE_SCHOOL } from '../../../integration/clever/fixtures.ts';

const maple = EXAMPLE_SCHOOL.data as CleverSchool;

describe('CleverSchools', () => {
  it('keeps one output cell per header, row-aligned with the ids', () => {
    const roster = new CleverSchools();
    roster.add(maple);
    const row = Object.fromEntries(cleverSchoolHeaders().map((header, i) => [header, roster.row(0)[i]]));
    expect(row).toMatchObject({
      'clever.id': maple.id,
      'clever.name': 'Maple Elementary',
      'clever.nces_id': '060123400001',
      'clever.low_grade': 'Kindergarten',
      'clever.location.city': 'Springfield',
      'clever.location.zip': '90000',
    });
    expect(roster.ids).toEqual([maple.id]);
    expect(roster.size).toBe(1);
  });

  it('projects the fields school matching compares', () => {
    const roster = new CleverSchools();
    roster.add(maple);
    expect(roster.schools[0]).toMatchObject({
      name: 'Maple Elementary',
      ncesId: '060123400001',
      sisId: '101',
      schoolNumber: '101',
      lowGrade: 'Kindergarten',
      highGrade: '5',
      city: 'Springfield',
      phone: '(555) 555-0100',
    });
  });

  it('counts and leaves out a record without an id', () => {
    const roster = new CleverSchools();
    roster.add({ ...maple, id: '' });
    expect(roster.size).toBe(0);
    expect(roster.skippedWithoutId).toBe(1);
  });
});
