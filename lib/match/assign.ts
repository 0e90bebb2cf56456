// Duplicate grouping within one side and one-to-one assignment across sides.

/** Groups of records (size ≥ 2) linked by any confident pair, via union-find. */
export function duplicateGroups(
  size: number,
  left: Int32Array,
  right: Int32Array,
  linked: Uint8Array,
): number[][] {
  const parent = new Int32Array(size);
  for (let r = 0; r < size; r++) parent[r] = r;
  const root = (r: number): number => {
    let x = r;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  let any = false;
  for (let p = 0; p < left.length; p++) {
    if (!linked[p]) continue;
    any = true;
    const x = root(left[p]);
    const y = root(right[p]);
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  }
  if (!any) return [];
  const sizes = new Int32Array(size);
  for (let r = 0; r < size; r++) sizes[root(r)]++;
  const groups = new Map<number, number[]>();
  for (let r = 0; r < size; r++) {
    const top = root(r);
    if (sizes[top] < 2) continue;
    const group = groups.get(top);
    if (group) group.push(r);
    else groups.set(top, [r]);
  }
  return [...groups.values()];
}

/** Each record's index in `groups`, or -1 for a record in none. */
export function groupMembership(size: number, groups: readonly number[][]): Int32Array {
  const member = new Int32Array(size).fill(-1);
  groups.forEach((group, g) => {
    for (const r of group) member[r] = g;
  });
  return member;
}

export interface AssignmentInput {
  /** Pairs (left[p], right[p]), ordered by left record. */
  left: Int32Array;
  right: Int32Array;
  scores: Float32Array;
  /** Pairs allowed to compete at all (auto-match guard passed, the right end not a duplicate). */
  eligible: Uint8Array;
  /**
   * Duplicate group of each left record (-1 for none). Records of one group are one person: they are no
   * rivals to each other, and once one of them is matched the others are not.
   */
  leftGroup?: Int32Array;
  leftSize: number;
  rightSize: number;
  /** Score at or above which an eligible pair is confident enough to be a match. */
  matchScore: number;
  /** Score at or above which another candidate counts as a serious rival. */
  rivalScore: number;
  /** A match needs to beat every serious rival, on both sides, by this many bits. */
  marginBits: number;
}

/**
 * Greedy one-to-one assignment on descending score. A pair is matched only when both ends are still
 * free and neither end has a rival candidate within the margin: an app record with two strong,
 * close candidates is a question for a reviewer, not a match. Returns the matched pair per left
 * record (-1 when unmatched).
 */
export function assignOneToOne(input: AssignmentInput): Int32Array {
  const { left, right, scores, eligible, matchScore, rivalScore, marginBits } = input;
  const leftStart = groupStarts(left, input.leftSize);
  // Eligible pairs of each right record, as a CSR index into the pair arrays.
  const rightStart = new Int32Array(input.rightSize + 1);
  const confident: number[] = [];
  for (let p = 0; p < left.length; p++) {
    if (!eligible[p]) continue;
    rightStart[right[p] + 1]++;
    if (scores[p] >= matchScore) confident.push(p);
  }
  for (let j = 0; j < input.rightSize; j++) rightStart[j + 1] += rightStart[j];
  const cursor = rightStart.slice(0, input.rightSize);
  const byRight = new Int32Array(rightStart[input.rightSize]);
  for (let p = 0; p < left.length; p++) if (eligible[p]) byRight[cursor[right[p]]++] = p;

  const order = byDescendingScore(confident, scores);
  const matchedPair = new Int32Array(input.leftSize).fill(-1);
  const rightTaken = new Uint8Array(input.rightSize);
  const group = input.leftGroup;
  const groupTaken = new Set<number>();
  const sameGroup = (a: number, b: number) => group !== undefined && group[a] >= 0 && group[a] === group[b];
  for (const p of order) {
    const i = left[p];
    const j = right[p];
    if (matchedPair[i] >= 0 || rightTaken[j] || (group && groupTaken.has(group[i]))) continue;
    // A rival is another still-available candidate of either end; one already matched to a better
    // partner is explained away, and so is another record of the same person (an app duplicate).
    let rival = Number.NEGATIVE_INFINITY;
    for (let q = leftStart[i]; q < leftStart[i + 1]; q++) {
      if (q !== p && eligible[q] && !rightTaken[right[q]] && scores[q] > rival) rival = scores[q];
    }
    for (let k = rightStart[j]; k < rightStart[j + 1]; k++) {
      const q = byRight[k];
      if (q !== p && matchedPair[left[q]] < 0 && !sameGroup(left[q], i) && scores[q] > rival)
        rival = scores[q];
    }
    if (rival >= rivalScore && scores[p] - rival < marginBits) continue;
    matchedPair[i] = p;
    rightTaken[j] = 1;
    if (group && group[i] >= 0) groupTaken.add(group[i]);
  }
  return matchedPair;
}

/**
 * Pair indices by descending score (ties by index), via one native numeric sort of packed keys:
 * the score quantised to 1/1024 bit, then the index. A comparator sort of a million is far slower.
 */
function byDescendingScore(pairs: number[], scores: Float32Array): Int32Array {
  const keys = new Float64Array(pairs.length);
  for (let k = 0; k < pairs.length; k++) {
    const p = pairs[k];
    const quantised = Math.min(Math.max(Math.round((4096 - scores[p]) * 1024), 0), 2 ** 22 - 1);
    keys[k] = quantised * 2 ** 31 + p;
  }
  keys.sort();
  return Int32Array.from(keys, (key) => key % 2 ** 31);
}

/** Where each left record's pairs start, for pairs ordered by left record. */
function groupStarts(left: Int32Array, leftSize: number): Int32Array {
  const start = new Int32Array(leftSize + 1);
  for (let p = 0; p < left.length; p++) start[left[p] + 1]++;
  for (let i = 0; i < leftSize; i++) start[i + 1] += start[i];
  return start;
}
