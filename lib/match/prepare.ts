// Turns raw PersonFields into columnar, interned arrays once per record, so that blocking and the
// millions of pair comparisons work on integers and shared strings instead of re-normalising.

import { type NicknameTable, nicknameTable } from './nicknames.ts';
import {
  normalizeEmail,
  normalizeGender,
  normalizeGrade,
  normalizeId,
  normalizeName,
  normalizeSchool,
  normalizeText,
  parseDate,
  parseFullName,
} from './normalize.ts';
import { phoneticKey } from './similarity.ts';
import type { PersonFields } from './types.ts';

/** Interns strings to dense integer ids; -1 stands for a missing value. */
export class Lexicon {
  readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();

  intern(text: string): number {
    if (!text) return -1;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.ids.set(text, id);
      this.added(text);
    }
    return id;
  }

  get size(): number {
    return this.strings.length;
  }

  protected added(_text: string): void {}
}

/** Name strings with what comparisons and blocking need about each, computed once per distinct name. */
export class NameLexicon extends Lexicon {
  readonly nicknameGroups: (readonly number[] | undefined)[] = [];
  /** The name without spaces, so "de la cruz" equals "delacruz". */
  readonly compact: string[] = [];
  readonly words: string[][] = [];
  // Small integer codes of derived strings, so blocking keys are numbers rather than new strings.
  readonly phoneticCode: number[] = [];
  readonly rootPhoneticCode: number[] = [];
  readonly prefixCode: number[] = [];
  readonly wordCodes: number[][] = [];
  /** 1..26 for a..z, 27 for anything else. */
  readonly initialCode: number[] = [];
  private readonly codes = new Map<string, number>();

  constructor(private readonly nicknames: NicknameTable) {
    super();
  }

  private code(text: string): number {
    let code = this.codes.get(text);
    if (code === undefined) {
      code = this.codes.size;
      this.codes.set(text, code);
    }
    return code;
  }

  protected override added(text: string): void {
    const compact = text.replace(/ /g, '');
    const words = text.split(' ');
    this.compact.push(compact);
    this.words.push(words);
    this.nicknameGroups.push(this.nicknames.groupsOf(compact));
    this.phoneticCode.push(this.code(phoneticKey(compact)));
    // Phonetic key of the formal name behind a nickname (Bob → Robert's key).
    this.rootPhoneticCode.push(this.code(phoneticKey(this.nicknames.rootOf(compact))));
    this.prefixCode.push(this.code(compact.slice(0, 3)));
    this.wordCodes.push(words.filter((word) => word.length >= 2).map((word) => this.code(word)));
    const letter = compact.charCodeAt(0) - 96;
    this.initialCode.push(letter >= 1 && letter <= 26 ? letter : 27);
  }
}

export interface Lexicons {
  names: NameLexicon;
  /** Non-numeric ids, e-mail parts and school names. */
  values: Lexicon;
}

export function createLexicons(): Lexicons {
  return { names: new NameLexicon(nicknameTable()), values: new Lexicon() };
}

export const ID_FIELDS = ['sisId', 'number', 'stateId'] as const;
export const MISSING_GRADE = -128;

/**
 * One side's records as parallel arrays. Ids are encoded as numbers: a purely numeric id (after
 * leading zeros are stripped) is its value, anything else is -(values-lexicon id + 1), NaN is missing;
 * this keeps a million unique ids out of the string interner.
 */
export interface PreparedPeople {
  size: number;
  first: Int32Array;
  middle: Int32Array;
  last: Int32Array;
  dob: Int32Array;
  ids: Float64Array[];
  idZeros: Uint8Array[];
  /** 53-bit hash of the e-mail's local part (-1 missing); see hashText. */
  emailLocal: Float64Array;
  emailLocalLength: Uint8Array;
  emailDomain: Int32Array;
  /** Hash of the e-mail's local part without separators when the rest is only letters, else -1. */
  emailLetters: Float64Array;
  /** Hash of the given name and surname run together, as "first.last" spells them (-1 if one is missing). */
  nameLetters: Float64Array;
  /** The same for the given name's initial and the surname, as "flast" spells them. */
  initialLetters: Float64Array;
  grade: Int8Array;
  gender: Uint8Array;
  /** Words of street, city and ZIP, interned: those of record r are addressWords[addressStart[r] .. addressStart[r + 1]). */
  addressStart: Int32Array;
  addressWords: Int32Array;
  /** 53-bit hash of the lower-cased username (-1 missing). */
  username: Float64Array;
  /** School ids of record r are schoolIds[schoolStart[r] .. schoolStart[r + 1]). */
  schoolStart: Int32Array;
  schoolIds: Int32Array;
}

const NUMERIC_ID = /^\d{1,15}$/;
const EMAIL_SEPARATORS = /[._-]/g;
const ONLY_LETTERS = /^[a-z]+$/;

export function encodeId(value: string, values: Lexicon): number {
  if (!value) return Number.NaN;
  return NUMERIC_ID.test(value) ? Number(value) : -(values.intern(value) + 1);
}

/**
 * Fast path of normalizeId + encodeId for the common case, an id of 1–15 plain digits: writes the
 * value and its leading-zero count without making strings. Returns false for anything else.
 */
function encodeDigits(raw: string, codes: Float64Array, zeros: Uint8Array, r: number): boolean {
  const length = raw.length;
  if (length > 15) return false;
  let value = 0;
  let leading = 0;
  let seenNonZero = false;
  for (let c = 0; c < length; c++) {
    const digit = raw.charCodeAt(c) - 48;
    if (digit < 0 || digit > 9) return false;
    if (digit === 0 && !seenNonZero && c < length - 1) leading++;
    else seenNonZero = true;
    value = value * 10 + digit;
  }
  codes[r] = value;
  zeros[r] = Math.min(leading, 255);
  return true;
}

export function decodeId(code: number, values: Lexicon): string {
  return code >= 0 ? String(code) : values.strings[-code - 1];
}

/**
 * A 53-bit hash of a string, or -1 for "". E-mail local parts and usernames are unique per person,
 * and only ever compared for equality: hashing them keeps millions of one-off strings out of the
 * interner. Two different values of one field collide with probability ~n²/2^54 per run (about
 * 1 in 4,000 for a million-record roster), and a collision only matters for a candidate pair.
 */
export function hashText(text: string): number {
  if (!text) return -1;
  let low = 0x811c9dc5;
  let high = 0x9747b28c;
  for (let c = 0; c < text.length; c++) {
    const code = text.charCodeAt(c);
    low = Math.imul(low ^ code, 0x01000193);
    high = Math.imul(high ^ code, 0x5bd1e995);
    high ^= high >>> 15;
  }
  return (high >>> 11) * 4294967296 + (low >>> 0);
}

class IntList {
  values = new Int32Array(1024);
  count = 0;

  push(value: number): void {
    if (this.count === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = value;
  }
}

/** Memoises a normaliser per distinct raw value: names, dates, grades and schools repeat a lot. */
function memoised<T>(normalise: (raw: string) => T): (raw: string | undefined) => T {
  const seen = new Map<string, T>();
  return (raw) => {
    const key = raw ?? '';
    let value = seen.get(key);
    if (value === undefined) {
      value = normalise(key);
      seen.set(key, value);
    }
    return value;
  };
}

export function preparePeople(
  people: readonly PersonFields[],
  lexicons: Lexicons,
  currentYear: number,
  onRecord?: (done: number) => void,
): PreparedPeople {
  const size = people.length;
  const prepared: PreparedPeople = {
    size,
    first: new Int32Array(size),
    middle: new Int32Array(size),
    last: new Int32Array(size),
    dob: new Int32Array(size),
    ids: ID_FIELDS.map(() => new Float64Array(size)),
    idZeros: ID_FIELDS.map(() => new Uint8Array(size)),
    emailLocal: new Float64Array(size),
    emailLocalLength: new Uint8Array(size),
    emailDomain: new Int32Array(size),
    emailLetters: new Float64Array(size),
    nameLetters: new Float64Array(size),
    initialLetters: new Float64Array(size),
    grade: new Int8Array(size),
    gender: new Uint8Array(size),
    addressStart: new Int32Array(size + 1),
    addressWords: new Int32Array(0),
    username: new Float64Array(size),
    schoolStart: new Int32Array(size + 1),
    schoolIds: new Int32Array(size),
  };
  const { names, values } = lexicons;
  const nameId = memoised((raw) => names.intern(normalizeName(raw)));
  const dateOf = memoised((raw) => parseDate(raw, currentYear));
  const gradeOf = memoised((raw) => {
    const grade = normalizeGrade(raw);
    return Number.isNaN(grade) ? MISSING_GRADE : grade;
  });
  const genderOf = memoised(normalizeGender);
  const schoolId = memoised((raw) => values.intern(normalizeSchool(raw)));
  const addressWord = memoised((word) => values.intern(word));
  const addressWords = new IntList();
  let schoolIds = prepared.schoolIds;
  let schoolCount = 0;
  for (let r = 0; r < size; r++) {
    const person = people[r];
    prepared.first[r] = nameId(person.first);
    prepared.middle[r] = nameId(person.middle);
    prepared.last[r] = nameId(person.last);
    if (prepared.first[r] < 0 && prepared.last[r] < 0 && person.fullName) {
      const parsed = parseFullName(person.fullName);
      prepared.first[r] = names.intern(parsed.first);
      prepared.middle[r] = names.intern(parsed.middle);
      prepared.last[r] = names.intern(parsed.last);
    }
    prepared.dob[r] = dateOf(person.dob);
    for (let f = 0; f < ID_FIELDS.length; f++) {
      const raw = person[ID_FIELDS[f]];
      if (!raw) {
        prepared.ids[f][r] = Number.NaN;
        prepared.idZeros[f][r] = 0;
      } else if (!encodeDigits(raw, prepared.ids[f], prepared.idZeros[f], r)) {
        const id = normalizeId(raw);
        prepared.ids[f][r] = encodeId(id.value, values);
        prepared.idZeros[f][r] = Math.min(id.leadingZeros, 255);
      }
    }
    const email = normalizeEmail(person.email);
    prepared.emailLocal[r] = hashText(email.local);
    prepared.emailLocalLength[r] = Math.min(email.local.length, 255);
    prepared.emailDomain[r] = values.intern(email.domain);
    const emailLetters = email.local.replace(EMAIL_SEPARATORS, '');
    prepared.emailLetters[r] = ONLY_LETTERS.test(emailLetters) ? hashText(emailLetters) : -1;
    const first = prepared.first[r];
    const last = prepared.last[r];
    const named = first >= 0 && last >= 0;
    prepared.nameLetters[r] = named ? hashText(names.compact[first] + names.compact[last]) : -1;
    prepared.initialLetters[r] = named ? hashText(names.compact[first].charAt(0) + names.compact[last]) : -1;
    prepared.grade[r] = gradeOf(person.grade);
    prepared.gender[r] = genderOf(person.gender);
    prepared.addressStart[r] = addressWords.count;
    if (person.address || person.city || person.zip) {
      const text = normalizeText(`${person.address ?? ''} ${person.city ?? ''} ${person.zip ?? ''}`);
      for (const word of text.split(' ')) if (word) addressWords.push(addressWord(word));
    }
    prepared.username[r] = hashText(person.username?.trim().toLowerCase() ?? '');
    prepared.schoolStart[r] = schoolCount;
    for (const school of person.schools ?? []) {
      const id = schoolId(school);
      if (id < 0) continue;
      if (schoolCount === schoolIds.length) {
        const grown = new Int32Array(schoolIds.length * 2 + 16);
        grown.set(schoolIds);
        schoolIds = grown;
      }
      schoolIds[schoolCount++] = id;
    }
    if (onRecord && (r + 1) % 100_000 === 0) onRecord(r + 1);
  }
  prepared.schoolStart[size] = schoolCount;
  prepared.addressStart[size] = addressWords.count;
  prepared.addressWords = addressWords.values.subarray(0, addressWords.count);
  prepared.schoolIds = schoolIds;
  return prepared;
}
