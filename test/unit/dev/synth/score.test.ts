import { describe, expect, it } from 'vitest';
import { type AppDecision, scoreDecisions, type TruthSets } from '../../../../dev/synth/score.ts';

const truth: TruthSets = {
  truth: new Map<string, string | null>([
    ['a1', 'c1'],
    ['a2', 'c2'],
    ['a3', 'c3'],
    ['a4', null],
    ['a5', 'c5'],
    ['a5-dup', 'c5'],
    ['a6', 'c6'],
  ]),
  duplicateOf: new Map([['a5-dup', 'a5']]),
  cleverDuplicates: new Map([['c6-again', 'c6']]),
  noise: new Map([
    ['a2', ['first-typo']],
    ['a3', ['dob-swapped', 'first-typo']],
  ]),
};

const decide = (
  appId: string,
  result: AppDecision['result'],
  cleverId = '',
  suggestedCleverId = '',
): AppDecision => ({
  appId,
  result,
  cleverId,
  suggestedCleverId,
});

describe('scoreDecisions', () => {
  it('counts right matches, wrong matches and missed people', () => {
    const score = scoreDecisions(truth, [
      decide('a1', 'match', 'c1'),
      decide('a2', 'match', 'c3'),
      decide('a3', 'from app, no match', '', 'c3'),
      decide('a4', 'match', 'c2'),
      decide('a5', 'match', 'c5'),
      decide('a5-dup', 'from app, duplicate'),
      decide('a6', 'match', 'c6-again'),
    ]);
    // a1, a5 and a6 (matched to the person's second Clever record) are right; a2 and a4 are wrong.
    expect(score.truePositives).toBe(3);
    expect(score.falsePositives).toBe(2);
    // a2 (wrongly matched) and a3 (unmatched) are missed; the flagged duplicate a5-dup is not.
    expect(score.falseNegatives).toBe(2);
    expect(score.precision).toBeCloseTo(3 / 5);
    expect(score.recall).toBeCloseTo(3 / 5);
    expect(score.f1).toBeCloseTo(3 / 5);
    expect(score.suggestions).toBe(1);
    expect(score.correctSuggestions).toBe(1);
    expect(score.appDuplicatesFlagged).toBe(1);
    expect(score.appDuplicatesFlaggedCorrectly).toBe(1);
    expect(score.errorsByNoise['first-typo']).toEqual({ falsePositives: 1, falseNegatives: 2 });
    expect(score.errorsByNoise.clean).toEqual({ falsePositives: 1, falseNegatives: 0 });
  });

  it('counts a duplicate row left unmatched without the duplicate flag as missed', () => {
    const score = scoreDecisions(truth, [
      decide('a5', 'match', 'c5'),
      decide('a5-dup', 'from app, no match'),
    ]);
    expect(score.falseNegatives).toBe(1);
    expect(score.recall).toBeCloseTo(1 / 2);
  });

  it('checks Clever-side duplicate flags against the people Clever holds twice', () => {
    const score = scoreDecisions(
      truth,
      [],
      [
        { cleverId: 'c6', result: 'from Clever, duplicate' },
        { cleverId: 'c6-again', result: 'from Clever, duplicate' },
        { cleverId: 'c1', result: 'from Clever, duplicate' },
      ],
    );
    expect(score.cleverDuplicatesFlagged).toBe(3);
    expect(score.cleverDuplicatesFlaggedCorrectly).toBe(2);
    expect(score.cleverDuplicateRows).toBe(2);
  });

  it('excuses an unmatched row whose person Clever holds twice only when those records were flagged', () => {
    const unmatched = [decide('a6', 'from app, no match', '', 'c6')];
    const flagged = scoreDecisions(truth, unmatched, [
      { cleverId: 'c6-again', result: 'from Clever, duplicate' },
    ]);
    expect(flagged.falseNegatives).toBe(0);
    expect(flagged.excusedForCleverDuplicates).toBe(1);
    const notFlagged = scoreDecisions(truth, unmatched, [
      { cleverId: 'c6-again', result: 'from Clever, no match' },
    ]);
    expect(notFlagged.falseNegatives).toBe(1);
    expect(notFlagged.excusedForCleverDuplicates).toBe(0);
  });

  it('refuses a decision for an app id the truth does not know', () => {
    expect(() => scoreDecisions(truth, [decide('zz', 'match', 'c1')])).toThrow(/"zz"/);
  });
});
