// Candidate generation by blocking: records are compared only when they share at least one key
// under one of several independent key schemes, so a typo in one field cannot hide a pair and the
// work grows with the number of records, not their product. One scheme is indexed at a time (a
// Map from key to the records holding it) to keep peak memory to one index.

import { ID_FIELDS, type Lexicons, type PreparedPeople } from './prepare.ts';

/** Emits the keys record r holds under one scheme. */
type KeyScheme = (people: PreparedPeople, r: number, lexicons: Lexicons, emit: (key: string) => void) => void;

interface BlockingScheme {
  name: string;
  /**
   * Blocks holding more records than this on the indexed side are dropped as uninformative (a
   * common name in a big district); the other schemes still bring the pair together.
   */
  maxBlock: number;
  /** Used for duplicate detection within one side too (duplicates are near-identical records). */
  duplicates?: boolean;
  /** Keys a record is indexed under. */
  keys: KeyScheme;
  /** Keys a record looks up, when they differ from the indexed ones (asymmetric schemes). */
  queryKeys?: KeyScheme;
}

function initial(lexicons: Lexicons, nameId: number): string {
  return nameId < 0 ? '' : lexicons.names.compact[nameId].charAt(0);
}

/** Phonetic keys of the given name's formal root and the surname, sorted so swapped names share it. */
function phoneticPair(people: PreparedPeople, r: number, lexicons: Lexicons): string {
  const first = people.first[r];
  const last = people.last[r];
  if (first < 0 || last < 0) return '';
  const x = lexicons.names.rootPhonetic[first];
  const y = lexicons.names.phonetic[last];
  return x < y ? `${x}|${y}` : `${y}|${x}`;
}

function withSwappedDayMonth(dob: number, emit: (dob: number) => void): void {
  emit(dob);
  const month = Math.floor(dob / 100) % 100;
  const day = dob % 100;
  if (day <= 12 && day !== month) emit(dob - month * 100 - day + day * 100 + month);
}

const KEY_SCHEMES: readonly BlockingScheme[] = [
  {
    name: 'id',
    maxBlock: 50,
    duplicates: true,
    keys: (people, r, _lexicons, emit) => {
      for (let f = 0; f < ID_FIELDS.length; f++) {
        const id = people.ids[f][r];
        if (!Number.isNaN(id)) emit(`${f}${id}`);
      }
    },
  },
  {
    name: 'email',
    maxBlock: 50,
    duplicates: true,
    keys: (people, r, lexicons, emit) => {
      const local = people.emailLocal[r];
      if (local < 0) return;
      const text = lexicons.values.strings[local];
      // The local part alone finds a moved account (old domain); short ones ("j") are too common.
      if (text.length >= 3) emit(text);
      else emit(`${text}@${people.emailDomain[r]}`);
    },
  },
  {
    // Birth date (or its day/month-swapped twin) with both initials, in either order, so a typo
    // anywhere after the first letter of either name, or swapped names, still meet.
    name: 'dob+initials',
    maxBlock: 40,
    duplicates: true,
    keys: (people, r, lexicons, emit) => {
      const dob = people.dob[r];
      if (dob === 0) return;
      const first = initial(lexicons, people.first[r]);
      const last = initial(lexicons, people.last[r]);
      const initials = first < last ? first + last : last + first;
      withSwappedDayMonth(dob, (date) => emit(`${date}${initials}`));
    },
  },
  {
    name: 'phonetic names',
    maxBlock: 12,
    duplicates: true,
    keys: (people, r, lexicons, emit) => {
      const key = phoneticPair(people, r, lexicons);
      if (key) emit(key);
    },
  },
  {
    // The same with the birth year, for names too common for the plain key in a big district.
    name: 'phonetic names+birth year',
    maxBlock: 40,
    duplicates: true,
    keys: (people, r, lexicons, emit) => {
      const dob = people.dob[r];
      const key = phoneticPair(people, r, lexicons);
      if (key && dob !== 0) emit(`${key}|${Math.floor(dob / 10000)}`);
    },
  },
  {
    // Heavily mistyped names (several edits, so phonetic keys differ) still tend to keep their starts.
    name: 'name prefixes',
    maxBlock: 8,
    keys: (people, r, lexicons, emit) => {
      const first = people.first[r];
      const last = people.last[r];
      if (first < 0 || last < 0) return;
      const x = lexicons.names.compact[first].slice(0, 3);
      const y = lexicons.names.compact[last].slice(0, 3);
      emit(x < y ? `${x}|${y}` : `${y}|${x}`);
    },
  },
  {
    // Compound surnames: "Garcia Lopez" must meet "Lopez" and "Garcia-Smith". Two plain "Lopez"
    // records meet here only when the asking one has no birth date (teachers, mostly): otherwise the
    // birth-date schemes pair them and this block would be huge.
    name: 'surname word+initial',
    maxBlock: 25,
    keys: (people, r, lexicons, emit) => {
      const last = people.last[r];
      if (last < 0) return;
      const first = initial(lexicons, people.first[r]);
      const words = lexicons.names.words[last];
      if (words.length === 1) emit(`s${words[0]}|${first}`);
      else for (const word of words) if (word.length >= 2) emit(`w${word}|${first}`);
    },
    queryKeys: (people, r, lexicons, emit) => {
      const last = people.last[r];
      if (last < 0) return;
      const first = initial(lexicons, people.first[r]);
      const words = lexicons.names.words[last];
      if (words.length === 1) {
        emit(`w${words[0]}|${first}`);
        if (people.dob[r] === 0) emit(`s${words[0]}|${first}`);
      } else {
        for (const word of words) {
          if (word.length < 2) continue;
          emit(`s${word}|${first}`);
          emit(`w${word}|${first}`);
        }
      }
    },
  },
  {
    name: 'surname+birth month',
    maxBlock: 25,
    keys: (people, r, lexicons, emit) => {
      const last = people.last[r];
      const dob = people.dob[r];
      if (last >= 0 && dob !== 0) emit(`${lexicons.names.phonetic[last]}|${Math.floor(dob / 100)}`);
    },
  },
  {
    name: 'given name+birth month',
    maxBlock: 25,
    keys: (people, r, lexicons, emit) => {
      const first = people.first[r];
      const dob = people.dob[r];
      if (first >= 0 && dob !== 0) emit(`${lexicons.names.rootPhonetic[first]}|${Math.floor(dob / 100)}`);
    },
  },
  {
    // For people without a birth date (staff, mostly) whose given name is a nickname or mistyped.
    name: 'surname+school',
    maxBlock: 25,
    keys: (people, r, lexicons, emit) => {
      const last = people.last[r];
      if (last < 0 || people.dob[r] !== 0) return;
      const key = lexicons.names.phonetic[last];
      for (let s = people.schoolStart[r]; s < people.schoolStart[r + 1]; s++)
        emit(`${key}|${people.schoolIds[s]}`);
    },
  },
  {
    // For people without a birth date (staff, mostly) whose surname changed (marriage).
    name: 'given name+school',
    maxBlock: 25,
    keys: (people, r, lexicons, emit) => {
      const first = people.first[r];
      if (first < 0 || people.dob[r] !== 0) return;
      const root = lexicons.names.rootPhonetic[first];
      for (let s = people.schoolStart[r]; s < people.schoolStart[r + 1]; s++)
        emit(`${root}|${people.schoolIds[s]}`);
    },
  },
];

/** Distinct candidate pairs (left[p], right[p]), ordered by left record. */
export interface CandidatePairs {
  left: Int32Array;
  right: Int32Array;
  count: number;
}

export interface BlockingOptions {
  onProgress?: (scheme: string, done: number, total: number) => void;
}

class PairBuffer {
  left = new Int32Array(1 << 16);
  right = new Int32Array(1 << 16);
  count = 0;

  push(i: number, j: number): void {
    if (this.count === this.left.length) {
      const left = new Int32Array(this.left.length * 2);
      const right = new Int32Array(this.right.length * 2);
      left.set(this.left);
      right.set(this.right);
      this.left = left;
      this.right = right;
    }
    this.left[this.count] = i;
    this.right[this.count] = j;
    this.count++;
  }
}

/**
 * Pairs (left record, right record) that share a blocking key, each pair once, ordered by left record.
 * When `left === right` (duplicate detection within one side) only pairs with i < j are produced.
 */
export function candidatePairs(
  left: PreparedPeople,
  right: PreparedPeople,
  lexicons: Lexicons,
  options: BlockingOptions = {},
): CandidatePairs {
  const selfJoin = left === right;
  const raw = new PairBuffer();
  for (const scheme of KEY_SCHEMES) {
    if (selfJoin && !scheme.duplicates) continue;
    const index = new Map<string, number[]>();
    for (let j = 0; j < right.size; j++) {
      scheme.keys(right, j, lexicons, (key) => {
        const members = index.get(key);
        if (!members) index.set(key, [j]);
        else if (members.length <= scheme.maxBlock && members[members.length - 1] !== j) members.push(j);
      });
    }
    const queryKeys = scheme.queryKeys ?? scheme.keys;
    for (let i = 0; i < left.size; i++) {
      queryKeys(left, i, lexicons, (key) => {
        const members = index.get(key);
        if (!members || members.length > scheme.maxBlock) return;
        if (!selfJoin) for (const j of members) raw.push(i, j);
        // Asymmetric schemes can find a self-pair from either end, so normalise it to (low, high).
        else for (const j of members) if (j !== i) raw.push(Math.min(i, j), Math.max(i, j));
      });
      if (options.onProgress && (i + 1) % 100_000 === 0) options.onProgress(scheme.name, i + 1, left.size);
    }
  }
  return groupDistinct(raw, left.size, right.size);
}

/** Counting sort by left record, then drop repeats with a stamp per right record. */
function groupDistinct(raw: PairBuffer, leftSize: number, rightSize: number): CandidatePairs {
  const start = new Int32Array(leftSize + 1);
  for (let p = 0; p < raw.count; p++) start[raw.left[p] + 1]++;
  for (let i = 0; i < leftSize; i++) start[i + 1] += start[i];
  const cursor = start.slice(0, leftSize);
  const grouped = new Int32Array(raw.count);
  for (let p = 0; p < raw.count; p++) grouped[cursor[raw.left[p]]++] = raw.right[p];
  const stamp = new Int32Array(rightSize).fill(-1);
  const left = new Int32Array(raw.count);
  const right = new Int32Array(raw.count);
  let count = 0;
  for (let i = 0; i < leftSize; i++) {
    for (let p = start[i]; p < start[i + 1]; p++) {
      const j = grouped[p];
      if (stamp[j] === i) continue;
      stamp[j] = i;
      left[count] = i;
      right[count] = j;
      count++;
    }
  }
  return { left: left.subarray(0, count), right: right.subarray(0, count), count };
}
