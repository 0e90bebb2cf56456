// String similarity on char codes, allocation-free in the hot path: the engine calls these millions
// of times per run.

let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);

/** Textbook Jaro-Winkler (prefix scale 0.1, up to 4 chars, boost above 0.7); 1 for two equal strings. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const lenA = a.length;
  const lenB = b.length;
  if (lenA === 0 || lenB === 0) return 0;
  if (lenA > matchedA.length || lenB > matchedB.length) {
    matchedA = new Uint8Array(Math.max(lenA, lenB) * 2);
    matchedB = new Uint8Array(Math.max(lenA, lenB) * 2);
  }
  matchedA.fill(0, 0, lenA);
  matchedB.fill(0, 0, lenB);
  const window = Math.max(0, (Math.max(lenA, lenB) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < lenA; i++) {
    const code = a.charCodeAt(i);
    const from = Math.max(0, i - window);
    const to = Math.min(lenB - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === code) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < lenA; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const jaro = (matches / lenA + matches / lenB + (matches - transpositions / 2) / matches) / 3;
  if (jaro <= 0.7) return jaro;
  let prefix = 0;
  const maxPrefix = Math.min(4, lenA, lenB);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);
let beforeRow = new Int32Array(64);

/**
 * Optimal-string-alignment distance (edits plus adjacent transpositions), or `limit + 1` as soon as
 * the distance is known to exceed `limit`: callers only ask "is it within 1 or 2 edits".
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  const lenA = a.length;
  const lenB = b.length;
  if (Math.abs(lenA - lenB) > limit) return limit + 1;
  if (lenB + 1 > previousRow.length) {
    previousRow = new Int32Array((lenB + 1) * 2);
    currentRow = new Int32Array((lenB + 1) * 2);
    beforeRow = new Int32Array((lenB + 1) * 2);
  }
  for (let j = 0; j <= lenB; j++) previousRow[j] = j;
  for (let i = 1; i <= lenA; i++) {
    currentRow[0] = i;
    let rowMin = i;
    const codeA = a.charCodeAt(i - 1);
    for (let j = 1; j <= lenB; j++) {
      const cost = codeA === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min(previousRow[j] + 1, currentRow[j - 1] + 1, previousRow[j - 1] + cost);
      if (i > 1 && j > 1 && codeA === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        best = Math.min(best, beforeRow[j - 2] + 1);
      }
      currentRow[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > limit) return limit + 1;
    const recycled = beforeRow;
    beforeRow = previousRow;
    previousRow = currentRow;
    currentRow = recycled;
  }
  return Math.min(previousRow[lenB], limit + 1);
}

// Soundex digit classes for a..z; vowels and h/w/y are 0 (dropped).
const SOUND_CLASS = [0, 1, 2, 3, 0, 1, 2, 0, 0, 2, 2, 4, 5, 5, 0, 1, 2, 6, 2, 3, 0, 1, 0, 2, 0, 2];

/**
 * A Soundex-style phonetic key of unlimited length in which the first letter is coded like the
 * others, so Catherine/Katherine and Philip/Filip share a key. Names with no consonant keep their
 * first letter so they do not all collapse to one empty key.
 */
export function phoneticKey(name: string): string {
  let key = '';
  let previous = -1;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i) - 97;
    if (code < 0 || code > 25) continue;
    const sound = SOUND_CLASS[code];
    // h and w do not separate equal consonant sounds; vowels do (classic Soundex rule).
    if (sound === 0) {
      if (code !== 7 && code !== 22) previous = 0;
      continue;
    }
    if (sound !== previous) key += sound;
    previous = sound;
  }
  return key || name.slice(0, 1);
}
