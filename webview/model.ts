import type { BatchLossPoint, CycleStats, EpochRow, RunRow } from '../src/shared/historyModel';
import type { LiveRun } from '../src/shared/resultsProtocol';
import type { ArchiveGridView, LineageNode } from '../src/shared/searchModel';

/** Everything the page knows, filled by host messages. */
export interface ResultsModel {
  runs: readonly RunRow[];
  cycles: readonly CycleStats[];
  readonly epochsByRun: Map<number, readonly EpochRow[]>;
  /** Stored batch-loss curves, filled with the epoch rows (a run with none maps to []). */
  readonly batchLossByRun: Map<number, readonly BatchLossPoint[]>;
  /** The runs training now (several with parallel trainers), by run id; see src/shared/liveRuns.ts. */
  live: ReadonlyMap<number, LiveRun>;
  /** The lineage graph's nodes, fetched when the Lineage tab first shows (undefined before). */
  lineage: readonly LineageNode[] | undefined;
  /** The store changed since `lineage` was fetched (or it never was). */
  lineageStale: boolean;
  /** The archive grid, fetched when the Archive tab shows; null when the host has no history open. */
  archive: ArchiveGridView | null | undefined;
  archiveStale: boolean;
}

/** The stored curves the page has fetched so far, by run id (what the curves and comparison draw). */
export interface StoredCurves {
  readonly epochsByRun: ReadonlyMap<number, readonly EpochRow[]>;
  readonly batchLossByRun: ReadonlyMap<number, readonly BatchLossPoint[]>;
}

/** A fresh, empty model. */
export function emptyModel(): ResultsModel {
  return {
    runs: [],
    cycles: [],
    epochsByRun: new Map(),
    batchLossByRun: new Map(),
    live: new Map(),
    lineage: undefined,
    lineageStale: true,
    archive: undefined,
    archiveStale: true,
  };
}

/** The newest run of each variant, keyed by variant id (what the compare pickers list). */
export function latestRunPerVariant(runs: readonly RunRow[]): Map<string, RunRow> {
  const latest = new Map<string, RunRow>();
  for (const run of runs) {
    const seen = latest.get(run.variantId);
    if (!seen || run.id > seen.id) latest.set(run.variantId, run);
  }
  return latest;
}
