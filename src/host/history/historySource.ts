import type { CycleRow, CycleStats, EpochRow, RunRow, VariantRow } from '../../shared/historyModel';

/** A variant's row plus its code, for opening and diffing. */
export interface VariantDetail {
  readonly row: VariantRow;
  readonly code: string;
}

/**
 * What the history views read. The host adapts the store to it, so the tree and the results panel
 * never see SQL or sql.js, and tests can hand in an in-memory history.
 */
export interface HistorySource {
  cycles(): readonly CycleRow[];
  /** Variants of one cycle; `null` lists the variants generated or trained outside any cycle. */
  variantsOf(cycleId: number | null): readonly VariantRow[];
  variant(id: string): VariantDetail | undefined;
  runs(): readonly RunRow[];
  epochsOf(runId: number): readonly EpochRow[];
  cycleStats(): readonly CycleStats[];
  deleteVariant(id: string): void;
  /** Fires after anything in the history changed. */
  onDidChange(listener: () => void): { dispose(): void };
}
