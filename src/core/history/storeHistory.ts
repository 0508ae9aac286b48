/**
 * The history views' reading of the store: maps store records to the plain rows the tree and the
 * results panel show, and caches the tree query until the store changes (the tree asks for every
 * cycle's children separately, so one query serves a whole redraw).
 */
import type {
  BatchLossPoint,
  CycleRow,
  CycleStats,
  EpochRow,
  HistorySource,
  RunRow,
  VariantDetail,
  VariantRow,
} from '../../shared/historyModel';
import { cycleStats, parseTally } from '../cycle/cycleTally';
import { tallyKey } from '../cycle/runCycle';
import type { HistoryStore } from '../store/historyStore';
import type { CycleRecord, RunListRow, TreeCycleNode, TreeVariantRow } from '../store/storeTypes';

/** A `HistorySource` over a `HistoryStore`. */
export class StoreHistory implements HistorySource {
  private tree: TreeCycleNode[] | undefined;
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: HistoryStore) {
    this.subscription = store.onDidChange(() => (this.tree = undefined));
  }

  cycles(): CycleRow[] {
    return this.cachedTree()
      .map(
        (node, _i, all) =>
          node.cycle &&
          toCycleRow(node.cycle, indexOf(all, node.cycle.id), this.statsOf(node.cycle, indexOf(all, node.cycle.id))),
      )
      .filter((row): row is CycleRow => row !== null);
  }

  variantsOf(cycleId: number | null): VariantRow[] {
    const node = this.cachedTree().find((n) => (n.cycle?.id ?? null) === cycleId);
    return node ? node.variants.map((v) => toVariantRow(v, cycleId)) : [];
  }

  variant(id: string): VariantDetail | undefined {
    const v = this.store.getVariant(id);
    if (!v) return undefined;
    const accuracy = this.store
      .listRuns({ variantId: id })
      .reduce<number | null>(
        (best, r) => (r.testAccuracy !== null && (best === null || r.testAccuracy > best) ? r.testAccuracy : best),
        null,
      );
    return {
      code: v.code,
      generator: v.generator,
      row: {
        id: v.id,
        name: v.name ?? v.id.slice(0, 8),
        cycleId: v.cycleId,
        parentId: v.parentId,
        status: v.status,
        filePath: v.filePath,
        accuracy,
        similarity: v.novelty?.nearestSimilarity ?? null,
        nearestId: v.novelty?.nearestId ?? null,
        createdAt: new Date(v.createdAt).toISOString(),
      },
    };
  }

  runs(): RunRow[] {
    return this.store.listRuns().map(toRunRow);
  }

  epochsOf(runId: number): EpochRow[] {
    return this.store.epochs(runId).map((e) => ({
      runId,
      epoch: e.epoch,
      trainLoss: e.trainLoss ?? Number.NaN,
      trainAccuracy: e.trainAccuracy ?? Number.NaN,
      testAccuracy: e.testAccuracy ?? Number.NaN,
      durationS: (e.durationMs ?? 0) / 1000,
      samplesPerSec: e.samplesPerSecond ?? 0,
    }));
  }

  batchLossOf(runIds: readonly number[]): ReadonlyMap<number, readonly BatchLossPoint[]> {
    return this.store.batchLoss(runIds);
  }

  cycleStats(): CycleStats[] {
    return this.cycles()
      .map((c) => c.stats)
      .filter((s): s is CycleStats => s !== null);
  }

  deleteVariant(id: string): void {
    this.store.deleteVariant(id);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    return this.store.onDidChange(() => listener());
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private cachedTree(): TreeCycleNode[] {
    this.tree ??= this.store.historyTree();
    return this.tree;
  }

  private statsOf(cycle: CycleRecord, index: number): CycleStats | null {
    const stored = this.store.getMeta(tallyKey(cycle.id));
    return stored ? cycleStats(cycle.id, index, parseTally(stored)) : null;
  }
}

/** 1-based position of a cycle by id (cycle ids may have gaps after deletions). */
function indexOf(nodes: readonly TreeCycleNode[], id: number): number {
  return nodes.filter((n) => n.cycle !== null && n.cycle.id <= id).length;
}

function toCycleRow(cycle: CycleRecord, index: number, stats: CycleStats | null): CycleRow {
  const dataset = typeof cycle.config?.dataset === 'string' ? cycle.config.dataset : '';
  const status = cycle.status === 'running' ? 'running' : cycle.status === 'completed' ? 'done' : 'cancelled';
  return { id: cycle.id, index, dataset, status, startedAt: new Date(cycle.startedAt).toISOString(), stats };
}

function toVariantRow(v: TreeVariantRow, cycleId: number | null): VariantRow {
  return {
    id: v.id,
    name: v.shortName,
    cycleId,
    parentId: v.parentId,
    status: v.status,
    filePath: v.filePath,
    accuracy: v.bestAccuracy,
    similarity: v.nearestSimilarity,
    nearestId: v.nearestId,
    createdAt: new Date(v.createdAt).toISOString(),
  };
}

function toRunRow(r: RunListRow): RunRow {
  const status = r.status === 'completed' ? 'done' : r.status === 'queued' ? 'running' : r.status;
  return {
    id: r.id,
    variantId: r.variantId,
    variantName: r.variantName ?? r.variantId.slice(0, 8),
    cycleId: r.cycleId,
    dataset: r.dataset,
    backend: r.backend,
    status,
    failureReason: r.failureReason,
    testAccuracy: r.testAccuracy,
    durationS: r.durationMs === null ? null : r.durationMs / 1000,
    paramCount: r.paramCount,
    hyperparameters: r.hyperparameters,
    startedAt: new Date(r.startedAt ?? 0).toISOString(),
  };
}
