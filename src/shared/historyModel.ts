/**
 * The plain rows the history views (tree, results panel) consume. The host fills them from the store;
 * the webview receives them as JSON, so every field is serialisable.
 */

/** Where a variant stands in the loop. */
export type VariantStatus =
  | 'pending'
  | 'invalid'
  | 'duplicate'
  | 'near-duplicate'
  | 'training'
  | 'trained'
  | 'failed'
  | 'admitted'
  | 'rejected';

/** One generated (or seed) Net. */
export interface VariantRow {
  readonly id: string;
  readonly name: string;
  readonly cycleId: number | null;
  readonly parentId: string | null;
  readonly generator: string;
  readonly status: VariantStatus;
  readonly filePath: string | null;
  /** Best test accuracy over its finished runs. */
  readonly accuracy: number | null;
  /** Estimated Jaccard similarity to the nearest earlier variant (1 = identical). */
  readonly similarity: number | null;
  readonly nearestId: string | null;
  readonly paramCount: number | null;
  readonly createdAt: string;
}

/** One training run of a variant. */
export interface RunRow {
  readonly id: number;
  readonly variantId: string;
  readonly variantName: string;
  readonly cycleId: number | null;
  readonly dataset: string;
  readonly backend: string | null;
  readonly status: 'running' | 'done' | 'failed' | 'cancelled';
  readonly failureReason: string | null;
  readonly testAccuracy: number | null;
  readonly durationS: number | null;
  readonly paramCount: number | null;
  readonly hyperparameters: Readonly<Record<string, number>>;
  readonly startedAt: string;
}

/** Metrics of one epoch of a run. */
export interface EpochRow {
  readonly runId: number;
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly durationS: number;
  readonly samplesPerSec: number;
}

/** A closed interval [low, high]. */
export type Interval = readonly [number, number];

/** Per-cycle statistics as seed 003 reports them. */
export interface CycleStats {
  readonly cycleId: number;
  readonly index: number;
  readonly candidates: number;
  readonly valid: number;
  readonly validRate: number;
  /** Wilson 95% interval of the valid rate. */
  readonly validRateCi: Interval;
  readonly trained: number;
  readonly best: number | null;
  readonly mean: number | null;
  readonly median: number | null;
  /** t-based 95% interval of the mean accuracy. */
  readonly meanCi: Interval | null;
  readonly aboveThreshold: number;
  readonly shareAboveThreshold: number;
  readonly novelAdmitted: number;
  readonly rejections: number;
  readonly corpusSize: number;
}

/** A cycle with its variants, as the history tree shows it. */
export interface CycleRow {
  readonly id: number;
  readonly index: number;
  readonly dataset: string;
  readonly status: 'running' | 'done' | 'cancelled';
  readonly startedAt: string;
  readonly stats: CycleStats | null;
}
