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
import type { ArchiveGridQuery, ArchiveGridView, LineageNode } from '../../shared/searchModel';
import { Archive } from '../cycle/archive';
import { archiveGridView } from '../cycle/archiveGrid';
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
      parentReason: v.parentReason,
      editOutcome: v.editOutcome,
      tokens: v.tokens,
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

  lineage(): LineageNode[] {
    const positions = this.cyclePositions();
    return this.store.listLineage().map((v) => ({
      id: v.id,
      name: v.name ?? v.id.slice(0, 8),
      parentId: v.parentId,
      cycleId: v.cycleId,
      cycleIndex: v.cycleId === null ? null : (positions.get(v.cycleId) ?? null),
      status: v.status,
      parentReason: v.parentReason,
      firstEpochAccuracy: v.firstEpochAccuracy,
      bestAccuracy: v.bestAccuracy,
      paramCount: v.paramCount,
      promptTokens: v.promptTokens,
      completionTokens: v.completionTokens,
      hasFile: v.filePath !== null,
    }));
  }

  /**
   * Rebuilds the archive the way a cycle does (the same store rows, grid and islands) for the
   * dataset asked for, else the newest cycle's, else the newest measured run's, else the fallback.
   */
  archiveGrid(query: ArchiveGridQuery): ArchiveGridView {
    const datasets = [...new Set(this.store.listRuns({ statuses: ['completed'] }).map((r) => r.dataset))].sort();
    const newestCycle = this.store.listCycles().at(-1);
    const cycleDataset = typeof newestCycle?.config?.dataset === 'string' ? newestCycle.config.dataset : undefined;
    const newestRun = this.store.listRuns({ statuses: ['completed'] })[0]?.dataset;
    const dataset =
      query.dataset ??
      (cycleDataset && datasets.includes(cycleDataset) ? cycleDataset : undefined) ??
      newestRun ??
      query.fallbackDataset;
    const islands = Math.max(1, Math.floor(query.islands));
    const island =
      islands > 1 && query.island !== null && query.island !== undefined
        ? Math.min(islands - 1, Math.max(0, Math.floor(query.island)))
        : null;
    const positions = this.cyclePositions();
    const settings = { paramBuckets: query.paramBuckets, descriptor: query.descriptor };
    const archive =
      island === null
        ? Archive.rebuild(this.store, dataset, settings)
        : Archive.rebuild(this.store, dataset, settings, {
            count: islands,
            current: island,
            cycleIndex: (id) => positions.get(id),
          });
    return archiveGridView(archive, { dataset, datasets, islands, island });
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

  /** Cycle id → its 1-based position among the store's cycles (as the loop numbers them). */
  private cyclePositions(): Map<number, number> {
    return new Map(this.store.listCycles().map((c, i) => [c.id, i + 1]));
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
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
  };
}
