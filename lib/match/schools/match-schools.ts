// School matching. Evidence in the order Clever's onboarding guide trusts it: NCES school id, MDR number,
// state id, the district's own numbers (sis_id / school_number), then the name (in a form where "Lincoln
// Elem", "LINCOLN ELEMENTARY SCHOOL" and "Lincoln ES" meet), the grade span, and the location. An agreeing
// NCES or MDR number is decisive unless the name and grade span both disagree; a conflicting one forbids an
// automatic match however well the rest agrees, because a reviewer must see why two ids differ.

import { normalizeId, normalizeText } from '../normalize.ts';
import {
  forEachPair,
  forEachPairSharingKey,
  matchRecords,
  type PairVerdict,
  type RecordComparer,
  type RecordMatchOptions,
  weightOf,
} from '../records/matcher.ts';
import { jaroWinkler } from '../similarity.ts';
import type { MatchResult } from '../types.ts';
import {
  compareGradeSpans,
  compareSchoolNames,
  type GradeSpan,
  type NameLevel,
  parseGradeSpan,
  type SchoolName,
  type SpanLevel,
  schoolName,
} from './school-name.ts';

/** One school, from either side, as raw strings; "" and undefined both mean missing. */
export interface SchoolFields {
  name?: string;
  /** 12-digit NCES school id; a 7-digit NCES district id is recognised and ignored. */
  ncesId?: string;
  mdrNumber?: string;
  stateId?: string;
  sisId?: string;
  schoolNumber?: string;
  /** Grade enum values or common forms ("Kindergarten", "K", "PK", "05"). */
  lowGrade?: string;
  highGrade?: string;
  /** A whole span in one cell ("K-5", "PK–8", "9 to 12"), used when low/high are not given. */
  grades?: string;
  city?: string;
  zip?: string;
  address?: string;
  phone?: string;
}

/** Inputs up to this many pairs are compared in full; beyond it, pairs must share an id or a name word. */
export const FULL_COMPARISON_PAIRS = 5_000_000;
const MAX_NAME_BLOCK = 500;

/** Log2 likelihood ratios per field and level; `base` makes their sum a posterior log-odds. */
export const SCHOOL_WEIGHTS = {
  base: { prior: -3 },
  nces_id: { exact: 18, mismatch: -8 },
  mdr_number: { exact: 17, mismatch: -8 },
  state_id: { exact: 12, mismatch: -4 },
  local_id: { exact: 8, 'zeros stripped': 7, mismatch: -3 },
  name: {
    exact: 11,
    'same name, other words': 9,
    'level word on one side only': 6,
    'same name, other level word': 3,
    fuzzy: 5,
    partial: 2,
    similar: 0,
    different: -6,
    'different level': -10,
  },
  grades: { exact: 3, 'within one grade': 1, overlapping: 0, disjoint: -5 },
  city: { same: 1, different: -2 },
  zip: { same: 2, different: -1 },
  address: { same: 4, similar: 2, different: -1 },
  phone: { same: 4, different: -1 },
} as const;

interface LocalId {
  value: string;
  leadingZeros: number;
  field: 'sis_id' | 'school_number';
}

export interface PreparedSchool {
  /** 12-digit school NCES id, or "". */
  nces: string;
  mdr: string;
  stateId: string;
  localIds: LocalId[];
  name: SchoolName;
  span: GradeSpan;
  city: string;
  zip: string;
  address: string;
  phone: string;
}

const digits = (raw: string | undefined): string => (raw ?? '').replace(/\D/g, '');

/**
 * NCES school ids are 12 digits: a 2-digit state, 5-digit agency (together the 7-digit district id) and a
 * 5-digit school part. Spreadsheets drop the leading zero of states 01–09, so 11 digits are padded; a
 * 6- or 7-digit value is a district id and says nothing about which school.
 */
export function schoolNcesId(raw: string | undefined): string {
  const value = digits(raw);
  if (value.length === 12) return value;
  if (value.length === 11) return `0${value}`;
  return '';
}

export function prepareSchool(fields: SchoolFields): PreparedSchool {
  const localIds: LocalId[] = [];
  for (const [field, raw] of [
    ['sis_id', fields.sisId],
    ['school_number', fields.schoolNumber],
  ] as const) {
    const id = normalizeId(raw);
    if (id.value && !localIds.some((known) => known.value === id.value)) localIds.push({ ...id, field });
  }
  const span =
    fields.lowGrade || fields.highGrade
      ? parseGradeSpan(`${fields.lowGrade ?? ''}-${fields.highGrade ?? ''}`)
      : parseGradeSpan(fields.grades);
  const phone = digits(fields.phone);
  return {
    nces: schoolNcesId(fields.ncesId),
    mdr: normalizeId(fields.mdrNumber).value,
    stateId: normalizeId(fields.stateId).value,
    localIds,
    name: schoolName(fields.name),
    span,
    city: normalizeText(fields.city),
    zip: digits(fields.zip).slice(0, 5),
    address: normalizeText(fields.address),
    phone: phone.length >= 10 ? phone.slice(-10) : '',
  };
}

type Presence = 'exact' | 'mismatch' | 'missing';
const compareValues = (a: string, b: string): Presence =>
  !a || !b ? 'missing' : a === b ? 'exact' : 'mismatch';

interface LocalIdLevel {
  level: 'exact' | 'zeros stripped' | 'mismatch' | 'missing';
  field: string;
}

function compareLocalIds(a: LocalId[], b: LocalId[]): LocalIdLevel {
  if (!a.length || !b.length) return { level: 'missing', field: '' };
  let stripped: LocalId | undefined;
  for (const x of a) {
    for (const y of b) {
      if (x.value !== y.value) continue;
      if (x.leadingZeros === y.leadingZeros) return { level: 'exact', field: y.field };
      stripped ??= y;
    }
  }
  if (stripped) return { level: 'zeros stripped', field: stripped.field };
  return { level: 'mismatch', field: 'sis_id/school_number' };
}

interface SchoolComparison {
  nces: Presence;
  mdr: Presence;
  stateId: Presence;
  local: LocalIdLevel;
  name: NameLevel;
  grades: SpanLevel;
  city: Presence;
  zip: Presence;
  address: 'exact' | 'similar' | 'mismatch' | 'missing';
  phone: Presence;
}

function compareSchools(a: PreparedSchool, b: PreparedSchool): SchoolComparison {
  let address: SchoolComparison['address'] = compareValues(a.address, b.address);
  if (address === 'mismatch' && jaroWinkler(a.address, b.address) >= 0.9) address = 'similar';
  return {
    nces: compareValues(a.nces, b.nces),
    mdr: compareValues(a.mdr, b.mdr),
    stateId: compareValues(a.stateId, b.stateId),
    local: compareLocalIds(a.localIds, b.localIds),
    name: compareSchoolNames(a.name, b.name),
    grades: compareGradeSpans(a.span, b.span),
    city: compareValues(a.city, b.city),
    zip: compareValues(a.zip, b.zip),
    address,
    phone: compareValues(a.phone, b.phone),
  };
}

const W = SCHOOL_WEIGHTS;
const sameOrDifferent = (level: Presence, weights: { same: number; different: number }): number =>
  level === 'exact' ? weights.same : level === 'mismatch' ? weights.different : 0;

function verdict(c: SchoolComparison): PairVerdict {
  const bits =
    W.base.prior +
    weightOf(W.nces_id, c.nces) +
    weightOf(W.mdr_number, c.mdr) +
    weightOf(W.state_id, c.stateId) +
    weightOf(W.local_id, c.local.level) +
    weightOf(W.name, c.name) +
    weightOf(W.grades, c.grades) +
    sameOrDifferent(c.city, W.city) +
    sameOrDifferent(c.zip, W.zip) +
    (c.address === 'missing'
      ? 0
      : c.address === 'exact'
        ? W.address.same
        : c.address === 'similar'
          ? W.address.similar
          : W.address.different) +
    sameOrDifferent(c.phone, W.phone);
  return { bits, matchable: c.nces !== 'mismatch' && c.mdr !== 'mismatch' };
}

function describe(c: SchoolComparison): string {
  const reasons: string[] = [];
  const say = (field: string, level: string) => {
    if (level !== 'missing') reasons.push(`${field} ${level}`);
  };
  say('nces_id', c.nces);
  say('mdr_number', c.mdr);
  say('state_id', c.stateId);
  say(c.local.field, c.local.level);
  say('name', c.name);
  say('grades', c.grades);
  const location = (level: Presence) =>
    level === 'exact' ? 'same' : level === 'mismatch' ? 'different' : level;
  say('city', location(c.city));
  say('zip', location(c.zip));
  say('address', c.address === 'exact' ? 'same' : c.address === 'mismatch' ? 'different' : c.address);
  say('phone', location(c.phone));
  return reasons.join('; ');
}

function blockingKeys(school: PreparedSchool): string[] {
  const keys: string[] = [];
  if (school.nces) keys.push(`n${school.nces}`);
  if (school.mdr) keys.push(`m${school.mdr}`);
  if (school.stateId) keys.push(`s${school.stateId}`);
  for (const id of school.localIds) keys.push(`l${id.value}`);
  for (const word of school.name.coreWords) keys.push(`w${word}`);
  if (!school.name.coreWords.length && school.name.full) keys.push(`f${school.name.full}`);
  return keys;
}

export const schoolComparer: RecordComparer<PreparedSchool> = {
  compare: (a, b) => verdict(compareSchools(a, b)),
  describe: (a, b) => describe(compareSchools(a, b)),
  forEachCandidate(left, right, sameSide, visit) {
    const pairs = sameSide ? (left.length * (left.length - 1)) / 2 : left.length * right.length;
    if (pairs <= FULL_COMPARISON_PAIRS) forEachPair(left.length, right.length, sameSide, visit);
    else {
      const keys = { left: blockingKeys, right: blockingKeys };
      forEachPairSharingKey(
        left,
        right,
        sameSide,
        keys,
        (key) => (key[0] === 'w' ? MAX_NAME_BLOCK : Infinity),
        visit,
      );
    }
  },
};

/**
 * Matches the app's schools to Clever's, one-to-one, into the five Matchmaker outcomes. Indices in the
 * result refer to the input arrays.
 */
export function matchSchools(
  app: readonly SchoolFields[],
  clever: readonly SchoolFields[],
  options: RecordMatchOptions = {},
): MatchResult {
  return matchRecords(
    app.map(prepareSchool),
    clever.map(prepareSchool),
    schoolComparer,
    SCHOOL_WEIGHTS,
    options,
  );
}
