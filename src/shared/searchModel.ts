/**
 * The plain rows the results panel draws the search from: the lineage (every variant with its
 * parent) and the archive's grid of elites. The host fills them from the store; the webview
 * receives them as JSON, so every field is serialisable.
 */
import type { VariantStatus } from './historyModel';

/** Why the search drew a variant's parent (absent for variants made before parents were recorded). */
export type ParentReasonName = 'exploit' | 'explore' | 'seed';

/** One variant of the lineage graph. */
export interface LineageNode {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly cycleId: number | null;
  /** 1-based position of its cycle among the store's cycles; null outside any cycle. */
  readonly cycleIndex: number | null;
  readonly status: VariantStatus;
  readonly parentReason: ParentReasonName | null;
  /** Best first-epoch test accuracy over its completed runs (what the archive ranks by). */
  readonly firstEpochAccuracy: number | null;
  /** Best final test accuracy over its completed runs. */
  readonly bestAccuracy: number | null;
  readonly paramCount: number | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly hasFile: boolean;
}

/** The elite of one filled archive cell. */
export interface ArchiveCellElite {
  readonly id: string;
  readonly name: string;
  readonly accuracy: number;
  readonly paramCount: number;
  /** e.g. "conv2d×4, dense×2". */
  readonly summary: string;
}

/** One cell of the grid: a parameter bucket × a descriptor value, and its elite when filled. */
export interface ArchiveCellView {
  readonly bucket: string;
  readonly descriptor: string;
  readonly elite: ArchiveCellElite | null;
}

/** The MAP-Elites grid as the panel draws it: rows are parameter buckets, columns descriptor values. */
export interface ArchiveGridView {
  readonly dataset: string;
  /** The datasets with measured variants, for the panel's selector. */
  readonly datasets: readonly string[];
  readonly descriptor: 'depth' | 'family';
  /** Row labels, smallest bucket first, e.g. "≤25k". */
  readonly buckets: readonly string[];
  /** Column labels: the depth bins, or the families that hold an elite. */
  readonly descriptors: readonly string[];
  /** Every row × column, row-major. */
  readonly cells: readonly ArchiveCellView[];
  readonly filled: number;
  /** How many islands the search is configured with (1 = none). */
  readonly islands: number;
  /** The island shown, 0-based; null for the whole store as one archive. */
  readonly island: number | null;
}

/** What the panel asks for when it requests the grid. */
export interface ArchiveRequest {
  /** A dataset the panel picked; absent for the host's choice (the newest cycle's). */
  readonly dataset?: string;
  /** The island to show, 0-based; null or absent for the whole store. */
  readonly island?: number | null;
}

/** An archive request plus the grid's shape from the settings, as the host hands it to the history. */
export interface ArchiveGridQuery extends ArchiveRequest {
  /** Upper bounds of the parameter buckets (nngpt.archive.paramBuckets). */
  readonly paramBuckets: readonly number[];
  readonly descriptor: 'depth' | 'family';
  /** nngpt.search.islands. */
  readonly islands: number;
  /** The dataset to show when the store names none (the nngpt.dataset setting). */
  readonly fallbackDataset: string;
}
