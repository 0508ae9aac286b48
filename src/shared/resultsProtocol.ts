import type { BatchLossPoint, CycleStats, EpochRow, RunRow } from './historyModel';
import type { ArchiveGridView, ArchiveRequest, LineageNode } from './searchModel';

/** A live run's latest state, streamed while the trainer works. */
export interface LiveRun {
  readonly runId: number;
  readonly variantName: string;
  readonly backend: string | null;
  /** Batch-level points: [batchIndexOverall, loss]. */
  readonly batchLoss: readonly BatchLossPoint[];
  readonly epochs: readonly EpochRow[];
  readonly done: boolean;
}

/** One run's stored curves: its epoch rows and its batch-loss points (empty for a run recorded before curves were kept). */
export interface RunCurves {
  readonly runId: number;
  readonly epochs: readonly EpochRow[];
  readonly batchLoss: readonly BatchLossPoint[];
}

/** Messages the host sends to the results webview. */
export type HostToResults =
  /** Everything the panel shows, after `ready` and whenever the store changes. */
  | { readonly type: 'snapshot'; readonly runs: readonly RunRow[]; readonly cycles: readonly CycleStats[] }
  /**
   * The one answer to a `requestRunCurves`, carrying its `requestId`: the stored curves of every run it
   * asked for, in its order. Sent on demand, never in the snapshot, which must stay small for thousands of runs.
   */
  | { readonly type: 'runCurves'; readonly requestId: number; readonly curves: readonly RunCurves[] }
  /**
   * The one answer to a `requestLineage`, carrying its `requestId`: every stored variant with its parent,
   * oldest first. On demand, like the curves: only the Lineage tab needs it.
   */
  | { readonly type: 'lineage'; readonly requestId: number; readonly nodes: readonly LineageNode[] }
  /** The one answer to a `requestArchive`, carrying its `requestId`: the grid, or null when no history is open. */
  | { readonly type: 'archive'; readonly requestId: number; readonly grid: ArchiveGridView | null }
  /**
   * One live run's latest state. Several may be live at once (parallel trainers), keyed by `runId`:
   * a new id adds a run, a known id updates it, `done` ends it (see ./liveRuns.ts for when it leaves).
   */
  | { readonly type: 'live'; readonly run: LiveRun }
  /** Bring a variant's runs into view (from the tree's "Show in Results"). */
  | { readonly type: 'focusVariant'; readonly variantId: string };

/** Messages the results webview sends to the host. */
export type ResultsToHost =
  /** The page has loaded and listens; the host answers with a snapshot. */
  | { readonly type: 'ready' }
  /** Asks for the stored curves (epoch rows and batch loss) of these runs; the host answers with one `runCurves` of the same `requestId`. */
  | { readonly type: 'requestRunCurves'; readonly requestId: number; readonly runIds: readonly number[] }
  /** Asks for the lineage graph; the host answers with one `lineage` of the same `requestId`. */
  | { readonly type: 'requestLineage'; readonly requestId: number }
  /** Asks for the archive's grid (a dataset and island, or the host's choice); answered by one `archive` of the same `requestId`. */
  | { readonly type: 'requestArchive'; readonly requestId: number; readonly request: ArchiveRequest }
  /** Opens a diff of two variants' code. */
  | { readonly type: 'openDiff'; readonly leftVariantId: string; readonly rightVariantId: string }
  /** Opens a variant's file. */
  | { readonly type: 'openVariant'; readonly variantId: string }
  /** The page drew a snapshot: how many runs and cycles it shows (tests and the log read this). */
  | { readonly type: 'rendered'; readonly runs: number; readonly cycles: number; readonly charts: number };
