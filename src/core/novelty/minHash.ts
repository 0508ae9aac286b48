/**
 * MinHash signatures: for each of `numPerm` seeded permutations h(x) = (a·x + b) mod p of the
 * 32-bit shingle hashes, keep the minimum. The share of equal positions in two signatures
 * estimates the Jaccard similarity of the shingle sets (standard error √(J(1−J)/numPerm)).
 *
 * p = 2³² − 5 (the largest 32-bit prime) and a < 2²¹ keep a·x + b below 2⁵³, so plain double
 * arithmetic is exact — no BigInt, one multiply-add and one modulo per permutation.
 */
import { mixInto, fmix32 } from './shingles';

const prime = 4294967291;
const maxA = 2 ** 21;
const inversePrime = 1 / prime;

/** How a signature was made; signatures are comparable only when these are equal. */
export interface MinHashConfig {
  readonly numPerm: number;
  /** Draws the permutations; the config id keeps writing it as `s<seed>`, so stored ids stay valid. */
  readonly randomSeed: number;
}

/** nn-dup's 256 permutations, with this project's fixed seed. */
export const defaultMinHashConfig: MinHashConfig = { numPerm: 256, randomSeed: 0x6e6e6770 };

/** A deterministic stream of 32-bit values from a seed (SplitMix32-style). */
function* seeded(rngSeed: number): Generator<number> {
  let state = rngSeed >>> 0;
  for (;;) {
    state = (state + 0x9e3779b9) >>> 0;
    yield fmix32(mixInto(state, rngSeed));
  }
}

/** Computes and compares MinHash signatures for one configuration. */
export class MinHasher {
  private readonly a: Float64Array;
  private readonly b: Float64Array;

  constructor(readonly config: MinHashConfig = defaultMinHashConfig) {
    if (!Number.isInteger(config.numPerm) || config.numPerm < 1)
      throw new RangeError(`numPerm must be a positive integer, got ${config.numPerm}`);
    this.a = new Float64Array(config.numPerm);
    this.b = new Float64Array(config.numPerm);
    const random = seeded(config.randomSeed);
    for (let i = 0; i < config.numPerm; i++) {
      this.a[i] = 1 + (random.next().value % (maxA - 1));
      this.b[i] = random.next().value % prime;
    }
  }

  /** A stable name of the configuration, stored beside signatures. */
  get configId(): string {
    return `minhash-v1:p${this.config.numPerm}:s${this.config.randomSeed}`;
  }

  /** The signature of a shingle set; an empty set gives all 0xFFFFFFFF. */
  signature(shingles: Uint32Array): Uint32Array {
    const n = this.config.numPerm;
    const mins = new Float64Array(n).fill(0xffffffff);
    const { a, b } = this;
    for (let s = 0; s < shingles.length; s++) {
      const x = shingles[s];
      for (let i = 0; i < n; i++) {
        // v mod p via a reciprocal multiply (V8's `%` on doubles is a slow libc call); the
        // quotient may be off by one, which the two comparisons correct.
        const v = a[i] * x + b[i];
        let r = v - Math.floor(v * inversePrime) * prime;
        if (r < 0) r += prime;
        else if (r >= prime) r -= prime;
        if (r < mins[i]) mins[i] = r;
      }
    }
    return Uint32Array.from(mins);
  }
}

/** The Jaccard estimate of two signatures of the same configuration: the share of equal positions. */
export function estimateSimilarity(x: Uint32Array, y: Uint32Array): number {
  if (x.length !== y.length) throw new RangeError(`signatures differ in length (${x.length} vs ${y.length})`);
  let equal = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) equal++;
  return x.length === 0 ? 0 : equal / x.length;
}
