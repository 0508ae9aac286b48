/**
 * Token shingles hashed to 32-bit integers: the sets MinHash samples and exact Jaccard compares.
 * Hashes are fixed functions of the text (no seed), so stored signatures stay comparable.
 */

/** nn-dup's shingle length. */
export const defaultShingleSize = 10;

/** FNV-1a of a string, 32-bit. */
function hashToken(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finaliser: spreads every input bit over the output. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds one 32-bit value into a running hash (MurmurHash3's block step). */
export function mixInto(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

const tokenHashes = new Map<string, number>();

function cachedHash(token: string): number {
  let h = tokenHashes.get(token);
  if (h === undefined) {
    h = hashToken(token);
    // The vocabulary of normalised tokens is small (keywords, punctuation, kept names); cap it anyway.
    if (tokenHashes.size < 100_000) tokenHashes.set(token, h);
  }
  return h;
}

/**
 * The distinct hashes of all `size`-token windows, sorted. A text shorter than one window gives
 * one shingle of all its tokens; an empty text gives none.
 */
export function shingleHashes(tokens: readonly string[], size: number = defaultShingleSize): Uint32Array {
  if (tokens.length === 0) return new Uint32Array(0);
  const hashes = tokens.map(cachedHash);
  const width = Math.min(size, hashes.length);
  const out = new Uint32Array(hashes.length - width + 1);
  for (let start = 0; start < out.length; start++) {
    let h = width;
    for (let k = start; k < start + width; k++) h = mixInto(h, hashes[k]);
    out[start] = fmix32(h ^ width);
  }
  out.sort();
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[n++] = out[i];
  return out.slice(0, n);
}

/** Exact Jaccard similarity of two sorted, distinct shingle sets (1 when both are empty). */
export function exactJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}
