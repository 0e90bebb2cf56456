import { describe, expect, it } from 'vitest';
import { assignOneToOne, duplicateGroups } from '../../../lib/match/assign.ts';

/** Pairs as [left, right, score] rows, all eligible. */
function assign(rows: [number, number, number][], leftSize: number, rightSize: number): number[] {
  const matched = assignOneToOne({
    left: Int32Array.from(rows, (row) => row[0]),
    right: Int32Array.from(rows, (row) => row[1]),
    scores: Float32Array.from(rows, (row) => row[2]),
    eligible: new Uint8Array(rows.length).fill(1),
    leftSize,
    rightSize,
    matchScore: 10,
    rivalScore: 0,
    marginBits: 5,
  });
  // Matched right record per left record, or -1.
  return [...matched].map((p) => (p < 0 ? -1 : rows[p][1]));
}

describe('assignOneToOne', () => {
  it('gives each right record to at most one left record, best score first', () => {
    expect(
      assign(
        [
          [0, 0, 30],
          [1, 0, 20],
          [1, 1, 28],
        ],
        2,
        2,
      ),
    ).toEqual([0, 1]);
  });

  it('leaves a left record unmatched when its two strong candidates are within the margin', () => {
    expect(
      assign(
        [
          [0, 0, 30],
          [0, 1, 27],
        ],
        1,
        2,
      ),
    ).toEqual([-1]);
  });

  it('leaves a right record unmatched when two left records claim it closely', () => {
    expect(
      assign(
        [
          [0, 0, 30],
          [1, 0, 29],
        ],
        2,
        1,
      ),
    ).toEqual([-1, -1]);
  });

  it('matches when the runner-up is far behind or too weak to be a rival', () => {
    expect(
      assign(
        [
          [0, 0, 30],
          [0, 1, 12],
          [1, 1, 15],
          [1, 2, -3],
        ],
        2,
        3,
      ),
    ).toEqual([0, 1]);
  });

  it('never matches a pair below the match score', () => {
    expect(assign([[0, 0, 9]], 1, 1)).toEqual([-1]);
  });
});

describe('duplicateGroups', () => {
  it('joins linked pairs transitively and ignores unlinked ones', () => {
    const groups = duplicateGroups(
      6,
      Int32Array.from([0, 1, 3, 4]),
      Int32Array.from([1, 2, 4, 5]),
      Uint8Array.from([1, 1, 1, 0]),
    );
    expect(groups.map((group) => [...group].sort())).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it('returns no groups when nothing is linked', () => {
    expect(duplicateGroups(3, Int32Array.from([0]), Int32Array.from([1]), Uint8Array.from([0]))).toEqual([]);
  });
});
