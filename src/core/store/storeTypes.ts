/**
 * The records the history store keeps, as plain data. Times are milliseconds since the epoch;
 * accuracies are fractions in [0, 1].
 */
import type { Finding } from '../netApi/finding';

/** Where a variant stands in the loop. `admitted` = accepted into the fine-tune corpus. */
export type VariantStatus =
  | 'generated'
  | 'invalid'
  | 'duplicate'
  | 'near-duplicate'
  | 'queued'
  | 'training'
  | 'trained'
  | 'failed'
  | 'admitted'
  | 'rejected';

/** Where a training run stands. */
export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** Where a cycle stands. */
export type CycleStatus = 'running' | 'completed' | 'cancelled' | 'failed';

/** Why the search chose a variant's parent: a top elite, a random elite, or the cycle's seed Net. */
export type ParentReason = 'exploit' | 'explore' | 'seed';

/**
 * How an LLM wrote a variant's code: a whole file, SEARCH/REPLACE blocks applied to the parent
 * (at once, or after a repair prompt named the block that did not match), or a whole file after
 * the blocks could not be applied.
 */
export type EditOutcome = 'full' | 'diff applied' | 'diff repaired' | 'diff failed → full';

/** Tokens a generation cost, as the server reported them. */
export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** Hyperparameter values by name (LEMUR keeps each in [0, 1]; `batch` may be a size). */
export type Hyperparameters = Record<string, number>;

/** One generate → check → train → select round. */
export interface CycleRecord {
  readonly id: number;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly status: CycleStatus;
  /** Free-form settings the cycle ran with (dataset, generator, count …), stored as JSON. */
  readonly config: Record<string, unknown> | null;
}

/** The chat prompt a generator used, kept for the fine-tune corpus. */
export interface PromptUsed {
  readonly system: string;
  readonly user: string;
  /** sha256 of the rendered messages: the lineage key across a generate prompt and its repairs. */
  readonly hash?: string;
}

/** Novelty of a variant against the corpus and its cycle. */
export interface NoveltyInfo {
  /** 1 − similarity to the nearest neighbour (1 when none was found). */
  readonly score: number;
  readonly nearestId: string | null;
  readonly nearestSimilarity: number | null;
}

/** What a caller supplies to add a variant; the id is derived from the code. */
export interface NewVariant {
  readonly code: string;
  readonly generator: string;
  readonly cycleId?: number | null;
  readonly name?: string | null;
  readonly filePath?: string | null;
  readonly parentId?: string | null;
  readonly prompt?: PromptUsed | null;
  /** Names or ids of the retrieved snippets the prompt carried. */
  readonly snippets?: readonly string[];
  readonly hyperparameters?: Hyperparameters;
  readonly findings?: readonly Finding[];
  readonly signature?: Uint32Array | null;
  readonly status?: VariantStatus;
  readonly novelty?: NoveltyInfo | null;
  readonly createdAt?: number;
  readonly parentReason?: ParentReason | null;
  readonly editOutcome?: EditOutcome | null;
  readonly tokens?: TokenUsage | null;
}

/** A stored variant. */
export interface VariantRecord {
  readonly id: string;
  readonly cycleId: number | null;
  readonly name: string | null;
  readonly code: string;
  readonly filePath: string | null;
  readonly parentId: string | null;
  readonly generator: string;
  readonly prompt: PromptUsed | null;
  readonly snippets: readonly string[];
  readonly hyperparameters: Hyperparameters;
  readonly findings: readonly Finding[];
  readonly signature: Uint32Array | null;
  readonly status: VariantStatus;
  readonly novelty: NoveltyInfo | null;
  readonly createdAt: number;
  readonly parentReason: ParentReason | null;
  readonly editOutcome: EditOutcome | null;
  readonly tokens: TokenUsage | null;
}

/** A variant the archive can place: it trained, and its first epoch's test accuracy is known. */
export interface EvaluatedVariant {
  readonly id: string;
  readonly name: string | null;
  readonly code: string;
  readonly filePath: string | null;
  readonly parentId: string | null;
  readonly cycleId: number | null;
  /** The best first-epoch test accuracy over its completed runs on the dataset asked for. */
  readonly accuracy: number;
  readonly paramCount: number | null;
}

/** A variant as the lineage graph reads it: its parent, the search's side, and its measured accuracies. */
export interface LineageRecord {
  readonly id: string;
  readonly name: string | null;
  readonly cycleId: number | null;
  readonly parentId: string | null;
  readonly status: VariantStatus;
  readonly parentReason: ParentReason | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly filePath: string | null;
  /** Best final test accuracy over its completed runs. */
  readonly bestAccuracy: number | null;
  /** Best first-epoch test accuracy over its completed runs, on any dataset. */
  readonly firstEpochAccuracy: number | null;
  /** The newest run's parameter count. */
  readonly paramCount: number | null;
}

/** A candidate that failed, kept for the next prompt from the same parent. */
export interface NewFailure {
  readonly parentId: string;
  readonly cycleId?: number | null;
  /** 'check' (static or execution check), 'extract' (no code in the reply), 'train', 'diff'. */
  readonly stage: string;
  readonly message: string;
}

/** A stored failure. */
export interface FailureRecord extends Required<NewFailure> {
  readonly id: number;
  readonly createdAt: number;
}

/** The result of adding a variant: exact duplicates are not inserted and name what they duplicate. */
export type AddVariantResult =
  | { readonly inserted: true; readonly id: string }
  | { readonly inserted: false; readonly id: string; readonly duplicateOf: VariantRecord };

/** What a caller supplies to start a run. */
export interface NewRun {
  readonly variantId: string;
  readonly dataset: string;
  readonly backend?: string | null;
  readonly hyperparameters?: Hyperparameters;
  readonly status?: RunStatus;
  readonly startedAt?: number | null;
  readonly batchSize?: number | null;
  readonly transform?: string | null;
}

/** Fields a run gains as it progresses and ends. */
export interface RunUpdate {
  readonly status?: RunStatus;
  readonly backend?: string | null;
  readonly failureReason?: string | null;
  readonly startedAt?: number | null;
  readonly endedAt?: number | null;
  readonly testAccuracy?: number | null;
  readonly durationMs?: number | null;
  readonly paramCount?: number | null;
}

/** A stored run with its summary. */
export interface RunRecord {
  readonly id: number;
  readonly variantId: string;
  readonly dataset: string;
  readonly backend: string | null;
  readonly hyperparameters: Hyperparameters;
  readonly status: RunStatus;
  readonly failureReason: string | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly testAccuracy: number | null;
  readonly durationMs: number | null;
  readonly paramCount: number | null;
  readonly batchSize: number | null;
  readonly transform: string | null;
}

/** A run row for the results table: the run plus its variant's name and cycle. */
export interface RunListRow extends RunRecord {
  readonly variantName: string | null;
  readonly cycleId: number | null;
  /** What generating the run's variant cost (null when no LLM wrote it, or before tokens were kept). */
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
}

/** Metrics of one epoch of a run. */
export interface EpochRecord {
  readonly epoch: number;
  readonly trainLoss: number | null;
  readonly trainAccuracy: number | null;
  readonly testLoss: number | null;
  readonly testAccuracy: number | null;
  readonly durationMs: number | null;
  readonly samplesPerSecond: number | null;
}

export type { BatchLossPoint } from '../../shared/historyModel';

/** A variant as the history tree shows it. */
export interface TreeVariantRow {
  readonly id: string;
  /** The stored name, else the first 8 characters of the id. */
  readonly shortName: string;
  readonly status: VariantStatus;
  readonly bestAccuracy: number | null;
  readonly novelty: number | null;
  readonly nearestId: string | null;
  readonly nearestSimilarity: number | null;
  readonly parentId: string | null;
  readonly filePath: string | null;
  readonly createdAt: number;
}

/** A cycle with its variants; `cycle` is null for variants made outside any cycle. */
export interface TreeCycleNode {
  readonly cycle: CycleRecord | null;
  readonly variants: TreeVariantRow[];
}

/** What changed, so a view can refresh only what it shows. */
export interface StoreChange {
  readonly kind: 'cycle' | 'variant' | 'run' | 'epoch' | 'batch-loss' | 'delete' | 'meta' | 'failure';
  readonly id: string | number;
}
