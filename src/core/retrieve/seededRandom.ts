/**
 * A small seeded PRNG (mulberry32) so retrieval is reproducible: the same seed picks the same
 * snippets on every machine, which Math.random cannot promise.
 */

/** Returns a generator of floats in [0, 1) fully determined by `rngSeed` (any finite number). */
export function seededRandom(rngSeed: number): () => number {
  if (!Number.isFinite(rngSeed)) {
    throw new RangeError(`seed must be a finite number, got ${rngSeed}`);
  }
  let state = Math.trunc(rngSeed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `items` in a seeded Fisher–Yates order. */
export function seededShuffle<T>(items: readonly T[], rngSeed: number): T[] {
  const random = seededRandom(rngSeed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
