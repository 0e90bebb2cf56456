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

export interface AssignmentInput {
  left: Int32Array;
  right: Int32Array;
  scores: Float32Array;
  /** Pairs allowed to compete at all (auto-match guard passed, neither end a duplicate). */
  eligible: Uint8Array;
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
  const bestLeft = new Float32Array(input.leftSize).fill(Number.NEGATIVE_INFINITY);
  const secondLeft = new Float32Array(input.leftSize).fill(Number.NEGATIVE_INFINITY);
  const bestRight = new Float32Array(input.rightSize).fill(Number.NEGATIVE_INFINITY);
  const secondRight = new Float32Array(input.rightSize).fill(Number.NEGATIVE_INFINITY);
  const confident: number[] = [];
  for (let p = 0; p < left.length; p++) {
    if (!eligible[p]) continue;
    const score = scores[p];
    keepTopTwo(bestLeft, secondLeft, left[p], score);
    keepTopTwo(bestRight, secondRight, right[p], score);
    if (score >= matchScore) confident.push(p);
  }
  confident.sort((x, y) => scores[y] - scores[x]);
  const matchedPair = new Int32Array(input.leftSize).fill(-1);
  const rightTaken = new Uint8Array(input.rightSize);
  for (const p of confident) {
    const i = left[p];
    const j = right[p];
    if (matchedPair[i] >= 0 || rightTaken[j]) continue;
    const score = scores[p];
    // The best rival is the runner-up when this pair is the best, else the best itself.
    const rivalLeft = bestLeft[i] > score ? bestLeft[i] : secondLeft[i];
    const rivalRight = bestRight[j] > score ? bestRight[j] : secondRight[j];
    const rival = Math.max(rivalLeft, rivalRight);
    if (rival >= rivalScore && score - rival < marginBits) continue;
    matchedPair[i] = p;
    rightTaken[j] = 1;
  }
  return matchedPair;
}

function keepTopTwo(best: Float32Array, second: Float32Array, r: number, score: number): void {
  if (score > best[r]) {
    second[r] = best[r];
    best[r] = score;
  } else if (score > second[r]) {
    second[r] = score;
  }
}
