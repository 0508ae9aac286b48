/**
 * Locality-sensitive hashing over MinHash signatures: the signature is cut into `bands` bands of
 * `rows` values; two signatures become candidates when any band matches. A pair with Jaccard s
 * is a candidate with probability 1 − (1 − s^rows)^bands, an S-curve whose midpoint lies near
 * (1/bands)^(1/rows). Candidates are then ranked by their full signature similarity.
 *
 * With 256 permutations and a 0.85 target, {@link chooseBanding} picks 16 bands × 16 rows:
 * (1/16)^(1/16) ≈ 0.841. A pair at s = 0.90 is then found with p ≈ 0.96, at 0.95 with p > 0.9999,
 * and a pair at 0.5 with p ≈ 0.0002.
 */
import { estimateSimilarity } from './minHash';
import { fmix32, mixInto } from './shingles';

/** A banding of a signature and the similarity its S-curve centres on. */
export interface Banding {
  readonly bands: number;
  readonly rows: number;
  /** (1/bands)^(1/rows). */
  readonly threshold: number;
}

/** The bands × rows = numPerm split whose threshold (1/b)^(1/r) is nearest to `target`. */
export function chooseBanding(numPerm: number, target: number): Banding {
  if (!(target > 0 && target < 1)) throw new RangeError(`LSH threshold must lie in (0, 1), got ${target}`);
  let best: Banding | undefined;
  for (let bands = 1; bands <= numPerm; bands++) {
    if (numPerm % bands !== 0) continue;
    const rows = numPerm / bands;
    const threshold = (1 / bands) ** (1 / rows);
    if (!best || Math.abs(threshold - target) < Math.abs(best.threshold - target)) best = { bands, rows, threshold };
  }
  return best as Banding;
}

/** The nearest stored signature to a query. */
export interface Neighbour {
  readonly id: string;
  readonly similarity: number;
}

/** An in-memory LSH index from ids to signatures. */
export class LshIndex {
  private readonly ids: string[] = [];
  private readonly slots = new Map<string, number>();
  private signatures: Uint32Array;
  /** Per band: band hash → slot, or slots when several share it (most buckets hold one). */
  private readonly buckets: Map<number, number | number[]>[];
  private live = 0;

  constructor(
    readonly numPerm: number,
    readonly banding: Banding,
  ) {
    if (banding.bands * banding.rows !== numPerm)
      throw new RangeError(`bands × rows (${banding.bands}×${banding.rows}) must equal numPerm ${numPerm}`);
    this.signatures = new Uint32Array(numPerm * 64);
    this.buckets = Array.from({ length: banding.bands }, () => new Map());
  }

  /** How many signatures the index holds. */
  get size(): number {
    return this.live;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** Adds (or replaces) the signature of `id`. */
  add(id: string, signature: Uint32Array): void {
    this.checkLength(signature);
    if (this.slots.has(id)) this.remove(id);
    const slot = this.ids.length;
    if ((slot + 1) * this.numPerm > this.signatures.length) {
      const grown = new Uint32Array(this.signatures.length * 2);
      grown.set(this.signatures);
      this.signatures = grown;
    }
    this.signatures.set(signature, slot * this.numPerm);
    this.ids.push(id);
    this.slots.set(id, slot);
    this.live++;
    for (let band = 0; band < this.banding.bands; band++) {
      const key = this.bandKey(signature, band);
      const bucket = this.buckets[band].get(key);
      if (bucket === undefined) this.buckets[band].set(key, slot);
      else if (typeof bucket === 'number') this.buckets[band].set(key, [bucket, slot]);
      else bucket.push(slot);
    }
  }

  /** Removes `id`; returns false when it was not indexed. Its slot is left empty, not reused. */
  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    const signature = this.signatures.subarray(slot * this.numPerm, (slot + 1) * this.numPerm);
    for (let band = 0; band < this.banding.bands; band++) {
      const key = this.bandKey(signature, band);
      const bucket = this.buckets[band].get(key);
      if (bucket === slot) this.buckets[band].delete(key);
      else if (Array.isArray(bucket)) {
        const rest = bucket.filter((s) => s !== slot);
        this.buckets[band].set(key, rest.length === 1 ? rest[0] : rest);
      }
    }
    this.slots.delete(id);
    this.live--;
    return true;
  }

  /** Empties the index. */
  clear(): void {
    this.ids.length = 0;
    this.slots.clear();
    for (const map of this.buckets) map.clear();
    this.live = 0;
  }

  /** The ids that share at least one band with `signature`. */
  candidates(signature: Uint32Array): string[] {
    return [...this.candidateSlots(signature)].map((slot) => this.ids[slot]);
  }

  /** The most similar candidate (by full signature), or undefined when no band matches. */
  nearest(signature: Uint32Array, exclude?: string): Neighbour | undefined {
    return this.query(signature, exclude).nearest;
  }

  /** The nearest candidate and how many candidates were compared to find it. */
  query(signature: Uint32Array, exclude?: string): { nearest: Neighbour | undefined; candidates: number } {
    let best: Neighbour | undefined;
    const slots = this.candidateSlots(signature);
    for (const slot of slots) {
      const id = this.ids[slot];
      if (id === exclude) continue;
      const similarity = estimateSimilarity(
        signature,
        this.signatures.subarray(slot * this.numPerm, (slot + 1) * this.numPerm),
      );
      if (!best || similarity > best.similarity) best = { id, similarity };
    }
    return { nearest: best, candidates: slots.size };
  }

  private candidateSlots(signature: Uint32Array): Set<number> {
    this.checkLength(signature);
    const found = new Set<number>();
    for (let band = 0; band < this.banding.bands; band++) {
      const bucket = this.buckets[band].get(this.bandKey(signature, band));
      if (bucket === undefined) continue;
      if (typeof bucket === 'number') found.add(bucket);
      else for (const slot of bucket) found.add(slot);
    }
    return found;
  }

  private bandKey(signature: Uint32Array, band: number): number {
    const start = band * this.banding.rows;
    let h = band;
    for (let i = start; i < start + this.banding.rows; i++) h = mixInto(h, signature[i]);
    return fmix32(h);
  }

  private checkLength(signature: Uint32Array): void {
    if (signature.length !== this.numPerm)
      throw new RangeError(`signature has ${signature.length} values, the index expects ${this.numPerm}`);
  }
}
