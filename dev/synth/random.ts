// A tiny seeded PRNG (mulberry32) so that a seed reproduces a district byte for byte on any machine,
// independent of library versions; Math.random is never used by the generator.

import { mulberry32 } from '../../lib/random.ts';

export class Random {
  /** Uniform in [0, 1). */
  readonly next: () => number;

  constructor(seed: number) {
    // Mix the seed once so that neighbouring seeds (1, 2, 3) do not start in correlated states.
    this.next = mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Digits as a string of exactly `length` characters (leading zeros allowed). */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(this.int(10));
    return out;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/**
 * A list whose picks follow the given weights (a realistic skew: "Smith" far more often than "Zamora").
 * Built once; each pick is a binary search over the cumulative weights.
 */
export class WeightedList<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    let sum = 0;
    for (const weight of weights) {
      sum += weight;
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  /** Weights falling like Zipf's law with the item's rank, the shape of real name frequencies. */
  static zipf<T>(items: readonly T[], exponent = 0.9): WeightedList<T> {
    return new WeightedList(
      items,
      items.map((_, rank) => 1 / (rank + 1) ** exponent),
    );
  }

  pick(random: Random): T {
    const target = random.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid] > target) high = mid;
      else low = mid + 1;
    }
    return this.items[low];
  }
}
