import type { CycleStats, EpochRow, RunRow } from '../src/shared/historyModel';
import type { LiveRun } from '../src/shared/resultsProtocol';

/** Everything the page knows, filled by host messages. */
export interface ResultsModel {
  runs: readonly RunRow[];
  cycles: readonly CycleStats[];
  readonly epochsByRun: Map<number, readonly EpochRow[]>;
  live: LiveRun | null;
}

/** A fresh, empty model. */
export function emptyModel(): ResultsModel {
  return { runs: [], cycles: [], epochsByRun: new Map(), live: null };
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
