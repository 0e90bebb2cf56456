import { describe, expect, it } from 'vitest';
import { forEachPair, forEachPairSharingKey } from '../../../../lib/match/records/matcher.ts';

const collect = (run: (visit: (i: number, j: number) => void) => void) => {
  const pairs: string[] = [];
  run((i, j) => pairs.push(`${i}-${j}`));
  return pairs;
};

describe('candidate pairs', () => {
  it('visits every cross pair, and each same-side pair once', () => {
    expect(collect((visit) => forEachPair(2, 2, false, visit))).toEqual(['0-0', '0-1', '1-0', '1-1']);
    expect(collect((visit) => forEachPair(3, 3, true, visit))).toEqual(['0-1', '0-2', '1-2']);
  });

  it('visits a pair sharing several keys once and skips keys held by too many records', () => {
    const left = [['a', 'b'], ['common']];
    const right = [['a', 'b'], ['b'], ['common'], ['common'], ['common']];
    const keysOf = (record: string[]) => record;
    const pairs = collect((visit) =>
      forEachPairSharingKey(left, right, false, { left: keysOf, right: keysOf }, () => 2, visit),
    );
    expect(pairs).toEqual(['0-0', '0-1']);
  });

  it('keys the probing and the indexed side differently when asked', () => {
    const records = [['x'], ['y', 'x'], ['y']];
    const pairs = collect((visit) =>
      forEachPairSharingKey(
        records,
        records,
        true,
        { left: (r) => r.slice(0, 1), right: (r) => r },
        () => 10,
        visit,
      ),
    );
    expect(pairs).toEqual(['0-1', '1-2']);
  });
});
