// Candidate generation by blocking: records are compared only when they share at least one key
// under one of several independent key schemes, so a typo in one field cannot hide a pair and the
// work grows with the number of records, not their product. One scheme is indexed at a time to keep
// peak memory to one index.

import { ID_FIELDS, type Lexicons, type NameLexicon, type PreparedPeople } from './prepare.ts';

/**
 * Emits the keys record r holds under one scheme. Keys are numbers built from interned codes (each
 * scheme has its own index, and every packing below stays under 2^53), which keeps millions of
 * temporary strings away from the garbage collector.
 */
type KeyScheme = (people: PreparedPeople, r: number, names: NameLexicon, emit: (key: number) => void) => void;

interface BlockingScheme {
  name: string;
  /**
   * Blocks holding more records than this on the indexed side are dropped as uninformative (a
   * common name in a big district); the other schemes still bring the pair together.
   */
  maxBlock: number;
  /**
   * Which joins use the scheme: across sides, within one side (duplicate detection, where records
   * are near-identical so fewer, sharper schemes suffice), or both.
   */
  use: 'cross' | 'duplicates' | 'both';
  /** Keys on an identifier that a Clever roster never repeats (see BlockingOptions.uniqueIdentifiers). */
  uniqueIdentifier?: boolean;
  /** Keys a record is indexed under. */
  keys: KeyScheme;
  /** Keys a record looks up, when they differ from the indexed ones (asymmetric schemes). */
  queryKeys?: KeyScheme;
}

/** Room for any interned code (there are far fewer distinct names and keys than this). */
const CODE_RANGE = 2 ** 21;
/** Room for a year-and-month (YYYYMM < 2^18). */
const MONTH_RANGE = 2 ** 18;
const SCHOOL_RANGE = 2 ** 31;

function initialOf(names: NameLexicon, nameId: number): number {
  return nameId < 0 ? 0 : names.initialCode[nameId];
}

/** The given name's formal root and the surname, phonetically, sorted so swapped names share it. */
export function phoneticPair(people: PreparedPeople, r: number, names: NameLexicon): number {
  const first = people.first[r];
  const last = people.last[r];
  if (first < 0 || last < 0) return -1;
  const x = names.rootPhoneticCode[first];
  const y = names.phoneticCode[last];
  return x < y ? x * CODE_RANGE + y : y * CODE_RANGE + x;
}

/** The date with day and month exchanged, when that is a valid different date; else the date itself. */
function swapDayMonth(dob: number): number {
  const month = Math.floor(dob / 100) % 100;
  const day = dob % 100;
  return day <= 12 && day !== month ? dob - month * 100 - day + day * 100 + month : dob;
}

/** The address's last word (the ZIP when present), or -1 without an address. */
function lastAddressWord(people: PreparedPeople, r: number): number {
  const end = people.addressStart[r + 1];
  return end > people.addressStart[r] ? people.addressWords[end - 1] : -1;
}

function forEachSchool(people: PreparedPeople, r: number, visit: (school: number) => void): void {
  for (let s = people.schoolStart[r]; s < people.schoolStart[r + 1]; s++) visit(people.schoolIds[s]);
}

const KEY_SCHEMES: readonly BlockingScheme[] = [
  {
    name: 'id',
    maxBlock: 50,
    use: 'both',
    uniqueIdentifier: true,
    keys: (people, r, _names, emit) => {
      for (let f = 0; f < ID_FIELDS.length; f++) {
        const id = people.ids[f][r];
        if (!Number.isNaN(id)) emit(id * ID_FIELDS.length + f);
      }
    },
  },
  {
    name: 'email',
    maxBlock: 50,
    use: 'both',
    keys: (people, r, _names, emit) => {
      const local = people.emailLocal[r];
      if (local < 0) return;
      // The local part alone finds a moved account (old domain), unless it is too short to be telling.
      if (people.emailLocalLength[r] >= 3) emit(local);
      else emit(-1 - ((local % 2147483648) * CODE_RANGE + people.emailDomain[r]));
    },
  },
  {
    name: 'username',
    maxBlock: 50,
    use: 'both',
    uniqueIdentifier: true,
    keys: (people, r, _names, emit) => {
      if (people.username[r] >= 0) emit(people.username[r]);
    },
  },
  {
    // Same home address: rescues a record whose names and birth date were all mistyped.
    name: 'address',
    maxBlock: 10,
    use: 'cross',
    keys: (people, r, _names, emit) => {
      // The first two words: house number and street, typically.
      const start = people.addressStart[r];
      if (people.addressStart[r + 1] - start >= 2) {
        emit(people.addressWords[start] * CODE_RANGE + people.addressWords[start + 1]);
      }
    },
  },
  {
    // House number and last word (the ZIP when present): survives typos in the street name.
    name: 'house number+zip',
    maxBlock: 8,
    use: 'cross',
    keys: (people, r, _names, emit) => {
      const start = people.addressStart[r];
      const end = people.addressStart[r + 1];
      if (end - start >= 2) emit(people.addressWords[start] * CODE_RANGE + people.addressWords[end - 1]);
    },
  },
  {
    // Surname and ZIP (the address's last word), for a record whose birth date was lost or mistyped
    // and whose street was mistyped too.
    name: 'surname+zip',
    maxBlock: 8,
    use: 'cross',
    keys: (people, r, names, emit) => {
      const last = people.last[r];
      const zip = lastAddressWord(people, r);
      if (last >= 0 && zip >= 0) emit(names.phoneticCode[last] * CODE_RANGE + zip);
    },
  },
  {
    // Given name and ZIP: the same, for someone whose surname changed as well.
    name: 'given name+zip',
    maxBlock: 8,
    use: 'cross',
    keys: (people, r, names, emit) => {
      const first = people.first[r];
      const zip = lastAddressWord(people, r);
      if (first >= 0 && zip >= 0) emit(names.rootPhoneticCode[first] * CODE_RANGE + zip);
    },
  },
  {
    // Birth date alone, for records whose names were both replaced or mistyped. Only small files
    // keep these blocks (a date is shared by hundreds in a big district and the block is dropped).
    name: 'dob',
    maxBlock: 8,
    use: 'cross',
    keys: (people, r, _names, emit) => {
      if (people.dob[r] !== 0) emit(people.dob[r]);
    },
  },
  {
    // Birth date (or its day/month-swapped twin) with both initials, in either order, so a typo
    // anywhere after the first letter of either name, or swapped names, still meet.
    name: 'dob+initials',
    maxBlock: 20,
    use: 'both',
    keys: (people, r, names, emit) => {
      const dob = people.dob[r];
      if (dob === 0) return;
      const x = initialOf(names, people.first[r]);
      const y = initialOf(names, people.last[r]);
      const initials = x < y ? x * 32 + y : y * 32 + x;
      emit(dob * 1024 + initials);
      const swapped = swapDayMonth(dob);
      if (swapped !== dob) emit(swapped * 1024 + initials);
    },
  },
  {
    name: 'phonetic names',
    maxBlock: 8,
    use: 'cross',
    keys: (people, r, names, emit) => {
      const key = phoneticPair(people, r, names);
      if (key >= 0) emit(key);
    },
  },
  {
    // Duplicates of people without a birth date (staff, mostly) are found by name.
    name: 'phonetic names without birth date',
    maxBlock: 12,
    use: 'duplicates',
    keys: (people, r, names, emit) => {
      const key = phoneticPair(people, r, names);
      if (key >= 0 && people.dob[r] === 0) emit(key);
    },
  },
  {
    // Heavily mistyped names (several edits, so phonetic keys differ) still tend to keep their starts.
    name: 'name prefixes',
    maxBlock: 6,
    use: 'cross',
    keys: (people, r, names, emit) => {
      const first = people.first[r];
      const last = people.last[r];
      if (first < 0 || last < 0) return;
      const x = names.prefixCode[first];
      const y = names.prefixCode[last];
      emit(x < y ? x * CODE_RANGE + y : y * CODE_RANGE + x);
    },
  },
  {
    // Compound surnames: "Garcia Lopez" must meet "Lopez" and "Garcia-Smith". Two plain "Lopez"
    // records meet here only when the asking one has no birth date (teachers, mostly): otherwise the
    // birth-date schemes pair them and this block would be huge. Key: word, initial, single/compound.
    name: 'surname word+initial',
    maxBlock: 8,
    use: 'cross',
    keys: (people, r, names, emit) => {
      const last = people.last[r];
      if (last < 0) return;
      const initial = initialOf(names, people.first[r]) * 2;
      const words = names.wordCodes[last];
      if (names.words[last].length === 1) for (const word of words) emit(word * 64 + initial);
      else for (const word of words) emit(word * 64 + initial + 1);
    },
    queryKeys: (people, r, names, emit) => {
      const last = people.last[r];
      if (last < 0) return;
      const initial = initialOf(names, people.first[r]) * 2;
      const single = names.words[last].length === 1;
      for (const word of names.wordCodes[last]) {
        emit(word * 64 + initial + 1);
        if (!single || people.dob[r] === 0) emit(word * 64 + initial);
      }
    },
  },
  {
    name: 'surname+birth month',
    maxBlock: 8,
    use: 'cross',
    keys: (people, r, names, emit) => {
      const last = people.last[r];
      const dob = people.dob[r];
      if (last >= 0 && dob !== 0) emit(names.phoneticCode[last] * MONTH_RANGE + Math.floor(dob / 100));
    },
  },
  {
    name: 'given name+birth month',
    maxBlock: 8,
    use: 'cross',
    keys: (people, r, names, emit) => {
      const first = people.first[r];
      const dob = people.dob[r];
      if (first >= 0 && dob !== 0) emit(names.rootPhoneticCode[first] * MONTH_RANGE + Math.floor(dob / 100));
    },
  },
  {
    // For people without a birth date (staff, mostly) whose given name is a nickname or mistyped.
    name: 'surname+school',
    maxBlock: 25,
    use: 'cross',
    keys: (people, r, names, emit) => {
      const last = people.last[r];
      if (last < 0 || people.dob[r] !== 0) return;
      const code = names.phoneticCode[last];
      forEachSchool(people, r, (school) => emit(code * SCHOOL_RANGE + school));
    },
  },
  {
    // For people without a birth date (staff, mostly) whose surname changed (marriage).
    name: 'given name+school',
    maxBlock: 25,
    use: 'cross',
    keys: (people, r, names, emit) => {
      const first = people.first[r];
      if (first < 0 || people.dob[r] !== 0) return;
      const code = names.rootPhoneticCode[first];
      forEachSchool(people, r, (school) => emit(code * SCHOOL_RANGE + school));
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
  /**
   * Skip schemes on identifiers the source guarantees unique (a Clever roster's ids and usernames):
   * within such a side they can never pair two records.
   */
  uniqueIdentifiers?: boolean;
  onProgress?: (scheme: string, done: number, total: number) => void;
}

// Growable typed buffers. Large ArrayBuffers count as external memory and each new one can trigger
// a full garbage collection of the (large) input heap, so they are sized generously up front and
// reused across schemes rather than grown from small.
class PairBuffer {
  left: Int32Array;
  right: Int32Array;
  count = 0;

  constructor(capacity: number) {
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
  }

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

/** (key, record) entries of the indexed side under one scheme. */
class KeyEntries {
  keys: Float64Array;
  records: Int32Array;
  count = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.records = new Int32Array(capacity);
  }

  push(key: number, record: number): void {
    if (this.count === this.keys.length) {
      const keys = new Float64Array(this.keys.length * 2);
      const records = new Int32Array(this.records.length * 2);
      keys.set(this.keys);
      records.set(this.records);
      this.keys = keys;
      this.records = records;
    }
    this.keys[this.count] = key;
    this.records[this.count] = record;
    this.count++;
  }
}

function hashKey(key: number): number {
  // Keys are integers below 2^53: mix the low and high 32-bit halves.
  const low = key | 0;
  const high = (key / 4294967296) | 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
}

/**
 * Blocks of one scheme as flat typed arrays: an open-addressing hash from key to block number, and
 * the members of block b at members[start[b] .. start[b + 1]). A million small JS arrays in a Map
 * cost more in garbage collection than the whole comparison phase.
 */
class BlockIndex {
  private slotKeys = new Float64Array(0);
  private slotBlocks = new Int32Array(0);
  private mask = 0;
  private blockOf = new Int32Array(0);
  private cursor = new Int32Array(0);
  start = new Int32Array(0);
  members = new Int32Array(0);

  /** Re-indexes for another scheme, reusing the arrays of the previous one when they are big enough. */
  rebuild(entries: KeyEntries): void {
    let capacity = 1024;
    while (capacity < entries.count * 2) capacity *= 2;
    if (this.slotKeys.length < capacity) {
      this.slotKeys = new Float64Array(capacity);
      this.slotBlocks = new Int32Array(capacity);
    }
    if (this.blockOf.length < entries.count + 1) {
      this.blockOf = new Int32Array(entries.count + 1);
      this.cursor = new Int32Array(entries.count + 1);
      this.start = new Int32Array(entries.count + 2);
      this.members = new Int32Array(entries.count + 1);
    }
    this.mask = capacity - 1;
    const { slotKeys, slotBlocks, blockOf, cursor, start, members } = this;
    slotBlocks.fill(-1, 0, capacity);
    let blocks = 0;
    for (let e = 0; e < entries.count; e++) {
      const key = entries.keys[e];
      let slot = hashKey(key) & this.mask;
      while (slotBlocks[slot] >= 0 && slotKeys[slot] !== key) slot = (slot + 1) & this.mask;
      if (slotBlocks[slot] < 0) {
        slotKeys[slot] = key;
        slotBlocks[slot] = blocks++;
      }
      blockOf[e] = slotBlocks[slot];
    }
    start.fill(0, 0, blocks + 1);
    for (let e = 0; e < entries.count; e++) start[blockOf[e] + 1]++;
    for (let b = 0; b < blocks; b++) start[b + 1] += start[b];
    cursor.set(start.subarray(0, blocks));
    for (let e = 0; e < entries.count; e++) members[cursor[blockOf[e]]++] = entries.records[e];
  }

  /** The block holding `key`, or -1. */
  find(key: number): number {
    let slot = hashKey(key) & this.mask;
    for (;;) {
      const block = this.slotBlocks[slot];
      if (block < 0 || this.slotKeys[slot] === key) return block;
      slot = (slot + 1) & this.mask;
    }
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
  const raw = new PairBuffer(Math.max(1 << 16, left.size * 8));
  const entries = new KeyEntries(Math.max(1 << 16, right.size * 2));
  const index = new BlockIndex();
  for (const scheme of KEY_SCHEMES) {
    if (scheme.use !== 'both' && scheme.use !== (selfJoin ? 'duplicates' : 'cross')) continue;
    if (options.uniqueIdentifiers && scheme.uniqueIdentifier) continue;
    entries.count = 0;
    // One emit callback per scheme, reading the current record, so no closure is made per record.
    let record = 0;
    const indexKey = (key: number) => entries.push(key, record);
    for (record = 0; record < right.size; record++) scheme.keys(right, record, lexicons.names, indexKey);
    index.rebuild(entries);
    const { start, members } = index;
    const query = (key: number) => {
      const block = index.find(key);
      if (block < 0 || start[block + 1] - start[block] > scheme.maxBlock) return;
      const i = record;
      for (let m = start[block]; m < start[block + 1]; m++) {
        const j = members[m];
        if (!selfJoin) raw.push(i, j);
        // Asymmetric schemes can find a self-pair from either end, so normalise it to (low, high).
        else if (j !== i) raw.push(Math.min(i, j), Math.max(i, j));
      }
    };
    const queryKeys = scheme.queryKeys ?? scheme.keys;
    for (record = 0; record < left.size; record++) {
      queryKeys(left, record, lexicons.names, query);
      if (options.onProgress && (record + 1) % 100_000 === 0)
        options.onProgress(scheme.name, record + 1, left.size);
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
