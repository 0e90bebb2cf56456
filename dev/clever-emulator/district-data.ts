// One district's records as the emulator serves them: every collection sorted by id (Clever's order,
// and what makes range paging a binary search), lookups by id, and the relations behind the
// sub-resource routes, indexed on first use so that a 100k-user district starts instantly.
import type {
  CleverCourse,
  CleverDistrict,
  CleverDistrictRecords,
  CleverEvent,
  CleverSchool,
  CleverSection,
  CleverTerm,
  CleverUser,
} from '../../lib/clever/types.ts';

/** Any dataset in these shapes can be served, e.g. `generateDistrict()` output or a hand-made district. */
export interface CleverDataset extends CleverDistrictRecords {
  events?: CleverEvent[];
}

/** A district whose records are built only when first read (keeps emulator start-up fast). */
export interface LazyDataset {
  district: CleverDistrict;
  load: () => CleverDataset;
}

export type EmulatorDistrict = CleverDataset | LazyDataset;

export type Collection = 'schools' | 'users' | 'sections' | 'terms' | 'courses';
export type AnyRecord = { id: string };

export interface PageRequest {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

export interface Page<T> {
  items: T[];
  hasBefore: boolean;
  hasAfter: boolean;
}

function byId(a: AnyRecord, b: AnyRecord): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortedById<T extends AnyRecord>(records: readonly T[]): T[] {
  for (let i = 1; i < records.length; i++) {
    if (records[i - 1].id >= records[i].id) return [...records].sort(byId);
  }
  return records as T[];
}

/** First index whose id is greater than `id` (or greater or equal, when `inclusive`). */
function lowerBound(records: readonly AnyRecord[], id: string, inclusive: boolean): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const before = inclusive ? records[mid].id < id : records[mid].id <= id;
    if (before) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function pageOf<T extends AnyRecord>(records: readonly T[], request: PageRequest): Page<T> {
  let start: number;
  let end: number;
  if (request.endingBefore !== undefined) {
    end = lowerBound(records, request.endingBefore, true);
    start = Math.max(0, end - request.limit);
  } else {
    start = request.startingAfter === undefined ? 0 : lowerBound(records, request.startingAfter, false);
    end = Math.min(records.length, start + request.limit);
  }
  return { items: records.slice(start, end), hasBefore: start > 0, hasAfter: end < records.length };
}

export const PERSON_ROLES = ['student', 'teacher', 'staff', 'district_admin', 'contact'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

function roleSchools(user: CleverUser, primaryOnly: boolean): Set<string> {
  const schools = new Set<string>();
  for (const role of Object.values(user.roles)) {
    if (!role) continue;
    const primary = (role as { school?: unknown }).school;
    if (typeof primary === 'string' && primary !== '') schools.add(primary);
    const all = (role as { schools?: unknown }).schools;
    if (!primaryOnly && Array.isArray(all)) for (const id of all) if (typeof id === 'string') schools.add(id);
  }
  return schools;
}

/** A section's teachers: `teachers` plus the primary `teacher`, which Clever may send alone. */
function sectionTeachers(section: CleverSection): string[] {
  return [...(section.teachers ?? []), ...(section.teacher ? [section.teacher] : [])];
}

function studentRelationships(user: CleverUser): string[] {
  const relationships = user.roles.contact?.student_relationships;
  if (!Array.isArray(relationships)) return [];
  return relationships
    .map((relationship) => (relationship as { student?: unknown }).student)
    .filter((student): student is string => typeof student === 'string');
}

export class DistrictData {
  readonly district: CleverDistrict;
  readonly schools: CleverSchool[];
  readonly users: CleverUser[];
  readonly sections: CleverSection[];
  readonly terms: CleverTerm[];
  readonly courses: CleverCourse[];
  readonly events: CleverEvent[];
  private readonly maps = new Map<Collection, Map<string, AnyRecord>>();
  private usersByRoleIndex?: Map<PersonRole, CleverUser[]>;
  private sectionsByUserIndex?: Map<string, CleverSection[]>;

  constructor(dataset: CleverDataset) {
    this.district = dataset.district;
    this.schools = sortedById(dataset.schools);
    this.users = sortedById(dataset.users);
    this.sections = sortedById(dataset.sections);
    this.terms = sortedById(dataset.terms);
    this.courses = sortedById(dataset.courses);
    this.events = sortedById(dataset.events ?? []);
  }

  list(collection: Collection): readonly AnyRecord[] {
    return this[collection];
  }

  find(collection: Collection, id: string): AnyRecord | undefined {
    let map = this.maps.get(collection);
    if (!map) {
      map = new Map(this.list(collection).map((record) => [record.id, record]));
      this.maps.set(collection, map);
    }
    return map.get(id);
  }

  usersWithRole(role: PersonRole): CleverUser[] {
    if (!this.usersByRoleIndex) {
      this.usersByRoleIndex = new Map(PERSON_ROLES.map((name) => [name, [] as CleverUser[]]));
      for (const user of this.users)
        for (const name of PERSON_ROLES) if (user.roles[name]) this.usersByRoleIndex.get(name)!.push(user);
    }
    return this.usersByRoleIndex.get(role)!;
  }

  sectionsOfUser(userId: string): CleverSection[] {
    if (!this.sectionsByUserIndex) {
      const index = new Map<string, CleverSection[]>();
      for (const section of this.sections) {
        const members = new Set([...sectionTeachers(section), ...(section.students ?? [])]);
        for (const member of members) {
          const list = index.get(member);
          if (list) list.push(section);
          else index.set(member, [section]);
        }
      }
      this.sectionsByUserIndex = index;
    }
    return this.sectionsByUserIndex.get(userId) ?? [];
  }

  private usersIn(ids: Iterable<string>): CleverUser[] {
    const users: CleverUser[] = [];
    for (const id of new Set(ids)) {
      const user = this.find('users', id) as CleverUser | undefined;
      if (user) users.push(user);
    }
    return users.sort(byId);
  }

  private subset<T extends AnyRecord>(records: readonly T[], ids: Set<string | undefined>): T[] {
    return records.filter((record) => ids.has(record.id));
  }

  /** The records behind `/v3.0/{collection}/{id}/{relation}` lists, in id order. */
  relatedList(
    collection: Collection,
    record: AnyRecord,
    relation: string,
    query: URLSearchParams,
  ): AnyRecord[] | undefined {
    const role = query.get('role') as PersonRole | null;
    const primaryOnly = query.get('primary') === 'true';
    const withRole = (users: CleverUser[]) => (role ? users.filter((user) => user.roles[role]) : users);
    const id = record.id;
    switch (`${collection}/${relation}`) {
      case 'schools/users':
        return withRole(this.users.filter((user) => roleSchools(user, primaryOnly).has(id)));
      case 'schools/sections':
        return this.sections.filter((section) => section.school === id);
      case 'schools/terms':
      case 'schools/courses': {
        const inSchool = this.sections.filter((section) => section.school === id);
        if (relation === 'terms') return this.subset(this.terms, new Set(inSchool.map((s) => s.term_id)));
        return this.subset(this.courses, new Set(inSchool.map((s) => s.course)));
      }
      case 'sections/users': {
        const section = record as CleverSection;
        const teachers = sectionTeachers(section);
        const ids =
          role === 'teacher'
            ? teachers
            : role === 'student'
              ? (section.students ?? [])
              : [...teachers, ...(section.students ?? [])];
        return this.usersIn(ids);
      }
      case 'terms/sections':
        return this.sections.filter((section) => section.term_id === id);
      case 'courses/sections':
        return this.sections.filter((section) => section.course === id);
      case 'terms/schools':
      case 'courses/schools': {
        const key = collection === 'terms' ? 'term_id' : 'course';
        const schools = new Set(this.sections.filter((section) => section[key] === id).map((s) => s.school));
        return this.subset(this.schools, schools);
      }
      case 'users/schools':
        return this.subset(
          this.schools,
          roleSchools(record as CleverUser, primaryOnly) as Set<string | undefined>,
        );
      case 'users/sections':
        return this.sectionsOfUser(id);
      case 'users/mystudents': {
        const user = record as CleverUser;
        const taught = this.sectionsOfUser(id).filter((s) => sectionTeachers(s).includes(id));
        return this.usersIn([...taught.flatMap((s) => s.students ?? []), ...studentRelationships(user)]);
      }
      case 'users/myteachers':
        return this.usersIn(
          this.sectionsOfUser(id)
            .filter((s) => s.students?.includes(id))
            .flatMap(sectionTeachers),
        );
      case 'users/mycontacts':
        return this.usersWithRole('contact').filter((contact) => studentRelationships(contact).includes(id));
      case 'sections/resources':
      case 'courses/resources':
      case 'users/resources':
        return [];
      default:
        return undefined;
    }
  }

  /** The record behind `/v3.0/{collection}/{id}/{relation}` single objects (school, term, course). */
  relatedObject(
    collection: Collection,
    record: AnyRecord,
    relation: string,
  ): { collection: Collection; record: AnyRecord } | 'district' | null | undefined {
    if (relation === 'district') return 'district';
    if (collection !== 'sections') return undefined;
    const section = record as CleverSection;
    const target: Record<string, [Collection, string | undefined]> = {
      school: ['schools', section.school],
      term: ['terms', section.term_id],
      course: ['courses', section.course],
    };
    const [targetCollection, targetId] = target[relation] ?? [];
    if (!targetCollection) return undefined;
    const found = targetId ? this.find(targetCollection, targetId) : undefined;
    return found ? { collection: targetCollection, record: found } : null;
  }
}
