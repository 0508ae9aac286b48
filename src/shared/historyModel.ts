/**
 * The plain rows the history views (tree, results panel) consume. The host fills them from the store;
 * the webview receives them as JSON, so every field is serialisable.
 */
import type { ArchiveGridQuery, ArchiveGridView, LineageNode, ParentReasonName } from './searchModel';

/** Where a variant stands in the loop. */
export type VariantStatus =
  | 'generated'
  | 'queued'
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
  readonly status: VariantStatus;
  readonly filePath: string | null;
  /** Best test accuracy over its finished runs. */
  readonly accuracy: number | null;
  /** Estimated Jaccard similarity to the nearest earlier variant (1 = identical). */
  readonly similarity: number | null;
  readonly nearestId: string | null;
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
  /** Tokens generating the run's variant cost (null when no LLM reported usage). */
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
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

/** One point of a run's batch-level training-loss curve: step = (epoch − 1) × batches per epoch + batch. */
export type BatchLossPoint = readonly [step: number, loss: number];

/** A closed interval [low, high]. */
export type Interval = readonly [number, number];

/** Per-cycle statistics as the novelty-loop paper ("From Memorization to Creativity") reports them. */
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
  /** The search's side of the cycle (absent in cycles stored before the archive). */
  readonly search?: CycleSearchStats;
}

/** Cost, edit outcomes, parent choices and archive coverage of one cycle. */
export interface CycleSearchStats {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly edits: {
    readonly full: number;
    readonly diffApplied: number;
    readonly diffRepaired: number;
    readonly diffFailed: number;
  };
  readonly parents: { readonly exploit: number; readonly explore: number; readonly seed: number };
  /** Cells of the archive holding an elite when the cycle ended. */
  readonly archiveFilled: number;
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

/** A variant's row plus its code, for opening and diffing. */
export interface VariantDetail {
  readonly row: VariantRow;
  readonly code: string;
  readonly generator: string;
  /** Why the search drew its parent; null outside the archive search. */
  readonly parentReason: ParentReasonName | null;
  /** How an LLM wrote it ('full', 'diff applied', …); null for other generators. */
  readonly editOutcome: string | null;
  /** What generating it cost; null when no LLM reported usage. */
  readonly tokens: { readonly promptTokens: number; readonly completionTokens: number } | null;
}

/**
 * What the history views read. The store is adapted to it (src/core/history), so the tree and the
 * results panel never see SQL, and tests can hand in an in-memory history.
 */
export interface HistorySource {
  cycles(): readonly CycleRow[];
  /** Variants of one cycle; `null` lists the variants generated or trained outside any cycle. */
  variantsOf(cycleId: number | null): readonly VariantRow[];
  variant(id: string): VariantDetail | undefined;
  runs(): readonly RunRow[];
  epochsOf(runId: number): readonly EpochRow[];
  /** The batch-loss curves of these runs, by run id, in step order; runs without one are absent. */
  batchLossOf(runIds: readonly number[]): ReadonlyMap<number, readonly BatchLossPoint[]>;
  cycleStats(): readonly CycleStats[];
  /** Every variant with its parent, accuracies and cost, oldest first: the lineage graph. */
  lineage(): readonly LineageNode[];
  /** The archive of elites rebuilt from the store, laid out on its grid; undefined while no store is open. */
  archiveGrid(query: ArchiveGridQuery): ArchiveGridView | undefined;
  deleteVariant(id: string): void;
  /** Fires after anything in the history changed. */
  onDidChange(listener: () => void): { dispose(): void };
}
