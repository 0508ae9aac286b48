import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ancestryOf } from '../../../src/core/history/ancestry';
import { StoreHistory } from '../../../src/core/history/storeHistory';
import { HistoryStore } from '../../../src/core/store/historyStore';
import type { ParentReason } from '../../../src/core/store/storeTypes';
import { recordCompletedRun, tempDir } from '../store/tempStore';

const referenceNet = fs.readFileSync(path.join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');
const grid = { paramBuckets: [25_000, 100_000], descriptor: 'depth' as const, islands: 1, fallbackDataset: 'mnist' };

describe('StoreHistory: the search views (lineage, archive grid, ancestry) over a real store', () => {
  let made: { dir: string; cleanup: () => void };
  let store: HistoryStore;
  let history: StoreHistory;
  beforeEach(async () => {
    made = tempDir('nngpt-search-history-');
    store = await HistoryStore.open({ path: path.join(made.dir, 'history.sqlite'), flushDelayMs: 5 });
    history = new StoreHistory(store);
  });
  afterEach(async () => {
    history.dispose();
    await store.close(); // before the folder goes: closing writes the file one last time
    made.cleanup();
  });

  /** Adds a variant with one completed run whose epochs reached these test accuracies. */
  const trained = (
    name: string,
    epochs: readonly number[],
    more: {
      parentId?: string;
      cycleId?: number;
      reason?: ParentReason;
      paramCount?: number;
      tokens?: [number, number];
    },
  ) => {
    const { id } = store.addVariant({
      code: `${referenceNet}\n// ${name}`,
      generator: more.tokens ? 'llm' : 'mutation',
      name,
      cycleId: more.cycleId ?? null,
      parentId: more.parentId ?? null,
      parentReason: more.reason ?? null,
      tokens: more.tokens ? { promptTokens: more.tokens[0], completionTokens: more.tokens[1] } : null,
      status: 'trained',
    });
    if (epochs.length > 0) recordCompletedRun(store, id, epochs, { paramCount: more.paramCount ?? 50_000 });
    return id;
  };

  it('lists the lineage: parents, reasons, tokens, first-epoch and best accuracy, cycle positions', () => {
    const seed = trained('seed', [0.6, 0.7], { paramCount: 20_000 });
    const cycle = store.startCycle({ dataset: 'fashion-mnist' });
    const child = trained('seed.c1v1', [0.72], {
      parentId: seed,
      cycleId: cycle,
      reason: 'exploit',
      tokens: [900, 120],
    });
    const failed = trained('seed.c1v2', [], { parentId: seed, cycleId: cycle, reason: 'seed' });
    const nodes = history.lineage();
    assert.deepEqual(
      nodes.map((n) => [n.name, n.parentId, n.cycleIndex, n.parentReason, n.firstEpochAccuracy, n.bestAccuracy]),
      [
        ['seed', null, null, null, 0.6, 0.7],
        ['seed.c1v1', seed, 1, 'exploit', 0.72, 0.72],
        ['seed.c1v2', seed, 1, 'seed', null, null],
      ],
    );
    const c = nodes.find((n) => n.id === child)!;
    assert.deepEqual([c.promptTokens, c.completionTokens, c.paramCount, c.hasFile], [900, 120, 50_000, false]);
    assert.equal(nodes.find((n) => n.id === failed)!.paramCount, null);
    const [run] = history.runs().filter((r) => r.variantId === child);
    assert.deepEqual([run.promptTokens, run.completionTokens], [900, 120], 'the runs table carries the tokens too');
  });

  it("rebuilds the archive grid from the store for the newest cycle's dataset", () => {
    const small = trained('small', [0.6], { paramCount: 20_000 });
    const cycle = store.startCycle({ dataset: 'fashion-mnist' });
    trained('mid-worse', [0.5], { cycleId: cycle, paramCount: 60_000 });
    const mid = trained('mid', [0.7, 0.9], { cycleId: cycle, paramCount: 70_000 });
    const view = history.archiveGrid(grid);
    assert.equal(view.dataset, 'fashion-mnist', 'not the fallback: the cycle ran on fashion-mnist');
    assert.deepEqual(view.datasets, ['fashion-mnist']);
    assert.equal(view.filled, 2);
    assert.deepEqual(
      view.cells.filter((c) => c.elite).map((c) => [c.bucket, c.descriptor, c.elite!.id, c.elite!.accuracy]),
      [
        ['≤25k', '3–4', small, 0.6],
        ['25k–100k', '3–4', mid, 0.7],
      ],
      'first-epoch accuracy ranks, as in the search',
    );
    const empty = history.archiveGrid({ ...grid, dataset: 'cifar10' });
    assert.deepEqual([empty.dataset, empty.filled], ['cifar10', 0]);
  });

  it("shows one island of the archive: its own cycles, the shared Nets and the neighbour's migrant", () => {
    // Four buckets, one Net in each, so no elite hides another.
    const rings = { ...grid, paramBuckets: [25_000, 100_000, 150_000] };
    const shared = trained('shared', [0.5], { paramCount: 120_000 });
    const inCycle = (name: string, accuracy: number, paramCount: number) =>
      trained(name, [accuracy], { cycleId: store.startCycle({ dataset: 'fashion-mnist' }), paramCount });
    const first = inCycle('first', 0.8, 60_000); // cycle 1: island 0
    const second = inCycle('second', 0.7, 200_000); // cycle 2: island 1
    const third = inCycle('third', 0.75, 10_000); // cycle 3: island 2
    const ids = (islands: number, island: number | null) =>
      history
        .archiveGrid({ ...rings, islands, island })
        .cells.flatMap((c) => (c.elite ? [c.elite.name] : []))
        .sort();
    assert.deepEqual(ids(3, null), ['first', 'second', 'shared', 'third'], 'all islands as one archive');
    // In the ring 2 → 0 → 1 → 2, each island receives the best elite of the one before it.
    assert.deepEqual(ids(3, 0), ['first', 'shared', 'third']);
    assert.deepEqual(ids(3, 1), ['first', 'second', 'shared']);
    assert.deepEqual(ids(3, 2), ['second', 'shared', 'third']);
    const shown = history.archiveGrid({ ...grid, islands: 3, island: 1 });
    assert.deepEqual([shown.islands, shown.island], [3, 1]);
    const single = history.archiveGrid({ ...grid, islands: 1, island: 1 });
    assert.equal(single.island, null, 'no islands configured: the island asked for is ignored');
    assert.ok([shared, first, second, third].every((id) => typeof id === 'string'));
  });

  it('walks the ancestry back to the seed, each ancestor with the reason its child drew it', () => {
    const seed = trained('seed', [0.6], {});
    const a = trained('a', [0.7], { parentId: seed, reason: 'seed' });
    const b = trained('b', [0.8], { parentId: a, reason: 'exploit' });
    const c = trained('c', [], { parentId: b, reason: 'explore' });
    const chain = ancestryOf(c, (id) => history.variant(id));
    assert.deepEqual(
      chain.map((x) => [x.row.name, x.generationsBack, x.drawnAs, x.isRoot, x.row.accuracy]),
      [
        ['b', 1, 'explore', false, 0.8],
        ['a', 2, 'exploit', false, 0.7],
        ['seed', 3, 'seed', true, 0.6],
      ],
    );
    assert.deepEqual(
      ancestryOf(seed, (id) => history.variant(id)),
      [],
      'the seed has no ancestors',
    );
    store.deleteVariant(a);
    assert.deepEqual(
      ancestryOf(c, (id) => history.variant(id)).map((x) => x.row.name),
      ['b'],
      'a deleted parent ends the chain',
    );
    const detail = history.variant(b)!;
    assert.deepEqual([detail.parentReason, detail.editOutcome, detail.tokens], ['exploit', null, null]);
  });
});
