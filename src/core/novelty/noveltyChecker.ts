/**
 * Near-duplicate novelty as the novelty-loop paper ("From Memorization to Creativity") applies it: each candidate is compared with the corpus and
 * with the earlier candidates of the same cycle; the nearest neighbour (by estimated Jaccard
 * among LSH candidates) and its similarity go to the UI, and similarity ≥ the near-duplicate
 * threshold rejects the candidate.
 */
import type { Banding, Neighbour } from './lshIndex';
import { chooseBanding, LshIndex } from './lshIndex';
import type { MinHashConfig } from './minHash';
import { defaultMinHashConfig, MinHasher } from './minHash';
import { normalizedTokens } from './netTokenizer';
import { defaultShingleSize, shingleHashes } from './shingles';

/** Tunables; the defaults are nn-dup's (settings may override the two thresholds). */
export interface NoveltyOptions {
  readonly minHash?: MinHashConfig;
  readonly shingleSize?: number;
  /** Where the LSH S-curve centres (default 0.85). */
  readonly lshThreshold?: number;
  /** Estimated Jaccard at or above which a candidate is a near-duplicate (default 0.90). */
  readonly nearDuplicateThreshold?: number;
}

/** Which index the nearest neighbour came from. */
export type NeighbourScope = 'corpus' | 'cycle';

/** The outcome of a novelty check. */
export interface NoveltyVerdict {
  readonly signature: Uint32Array;
  readonly nearest: (Neighbour & { readonly scope: NeighbourScope }) | null;
  readonly nearDuplicate: boolean;
  /** 1 − nearest similarity; 1 when no LSH candidate was found. */
  readonly score: number;
  /** How many LSH candidates (corpus and cycle) were compared. */
  readonly candidates: number;
}

/** Holds the corpus index and the current cycle's index. */
export class NoveltyChecker {
  readonly hasher: MinHasher;
  readonly banding: Banding;
  readonly shingleSize: number;
  readonly nearDuplicateThreshold: number;
  private readonly corpus: LshIndex;
  private readonly cycle: LshIndex;

  constructor(options: NoveltyOptions = {}) {
    this.hasher = new MinHasher(options.minHash ?? defaultMinHashConfig);
    this.shingleSize = options.shingleSize ?? defaultShingleSize;
    if (!Number.isInteger(this.shingleSize) || this.shingleSize < 1)
      throw new RangeError(`shingle size must be a positive integer, got ${this.shingleSize}`);
    this.nearDuplicateThreshold = options.nearDuplicateThreshold ?? 0.9;
    if (!(this.nearDuplicateThreshold > 0 && this.nearDuplicateThreshold <= 1))
      throw new RangeError(`near-duplicate threshold must lie in (0, 1], got ${this.nearDuplicateThreshold}`);
    const numPerm = this.hasher.config.numPerm;
    this.banding = chooseBanding(numPerm, options.lshThreshold ?? 0.85);
    this.corpus = new LshIndex(numPerm, this.banding);
    this.cycle = new LshIndex(numPerm, this.banding);
  }

  /** Names everything a stored signature depends on; load stored signatures only when it matches. */
  get signatureConfigId(): string {
    return `${this.hasher.configId}:k${this.shingleSize}:tok-v1`;
  }

  /** The MinHash signature of a Net's source. */
  signatureOf(code: string): Uint32Array {
    return this.hasher.signature(shingleHashes(normalizedTokens(code), this.shingleSize));
  }

  /** Checks code (or a precomputed signature) against the corpus and the current cycle. */
  check(codeOrSignature: string | Uint32Array, exclude?: string): NoveltyVerdict {
    const signature = typeof codeOrSignature === 'string' ? this.signatureOf(codeOrSignature) : codeOrSignature;
    const corpus = this.corpus.query(signature, exclude);
    const cycle = this.cycle.query(signature, exclude);
    const fromCorpus = corpus.nearest;
    const fromCycle = cycle.nearest;
    let nearest: NoveltyVerdict['nearest'] = null;
    if (fromCorpus && (!fromCycle || fromCorpus.similarity >= fromCycle.similarity))
      nearest = { ...fromCorpus, scope: 'corpus' };
    else if (fromCycle) nearest = { ...fromCycle, scope: 'cycle' };
    return {
      signature,
      nearest,
      nearDuplicate: nearest !== null && nearest.similarity >= this.nearDuplicateThreshold,
      score: nearest ? 1 - nearest.similarity : 1,
      candidates: corpus.candidates + cycle.candidates,
    };
  }

  /** Adds a signature to the corpus (admitted / historical variants). */
  addToCorpus(id: string, signature: Uint32Array): void {
    this.corpus.add(id, signature);
  }

  /** Loads stored signatures into the corpus; returns how many were loaded (wrong-length ones are skipped). */
  loadCorpus(entries: Iterable<{ id: string; signature: Uint32Array }>): number {
    let loaded = 0;
    for (const { id, signature } of entries) {
      if (signature.length !== this.hasher.config.numPerm) continue;
      this.corpus.add(id, signature);
      loaded++;
    }
    return loaded;
  }

  /** Removes a variant from both indexes (after it is deleted from the store). */
  remove(id: string): void {
    this.corpus.remove(id);
    this.cycle.remove(id);
  }

  /** Records a candidate of the current cycle, so later candidates are compared with it. */
  addToCycle(id: string, signature: Uint32Array): void {
    this.cycle.add(id, signature);
  }

  /** Starts a new cycle scope. */
  clearCycle(): void {
    this.cycle.clear();
  }

  get corpusSize(): number {
    return this.corpus.size;
  }

  get cycleSize(): number {
    return this.cycle.size;
  }
}
