import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  appendPoints,
  emptyCurve,
  maxBatchLossPoints,
  packPoints,
  unpackPoints,
} from '../../../src/core/store/batchLossCurve';
import { HistoryStore } from '../../../src/core/store/historyStore';
import { StoreInputError, StoreReadOnlyError } from '../../../src/core/store/storeErrors';
import type { BatchLossPoint, StoreChange } from '../../../src/core/store/storeTypes';
import { sampleCode, storeFileEachTest } from './tempStore';

/** `count` points with steps `from`, `from + 1`, …, each loss derived from its step. */
function points(count: number, from = 1): BatchLossPoint[] {
  return Array.from({ length: count }, (_, i) => [from + i, 2 / (from + i)] as const);
}

describe('batch-loss curves in the store', () => {
  const temp = storeFileEachTest();

  async function storeWithRun(flushDelayMs = 100): Promise<{ store: HistoryStore; variantId: string; runId: number }> {
    const store = await HistoryStore.open({ path: temp.file, flushDelayMs });
    const variantId = store.addVariant({ code: sampleCode(1), generator: 'g' }).id;
    return { store, variantId, runId: store.startRun({ variantId, dataset: 'fashion-mnist' }) };
  }

  it("round-trips a run's points through the file, appended epoch by epoch, NaN losses dropped", async () => {
    const { store, runId } = await storeWithRun();
    const other = store.startRun({ variantId: store.listRuns()[0].variantId, dataset: 'fashion-mnist' });
    store.addBatchLoss(runId, [
      [20, 2.25],
      [40, Number.NaN],
      [60, 1.5],
    ]);
    store.addBatchLoss(runId, [
      [80, 1.125],
      [100, Number.POSITIVE_INFINITY],
    ]);
    store.addBatchLoss(other, [[1, 0.1]]);
    await store.close();
    const reread = await HistoryStore.open({ path: temp.file, readOnly: true });
    const curves = reread.batchLoss([runId, other, 999]);
    assert.deepEqual(curves.get(runId), [
      [20, 2.25],
      [60, 1.5],
      [80, 1.125],
    ]);
    assert.deepEqual(curves.get(other), [[1, 0.1]], 'float32 storage reads back as the short decimal');
    assert.equal(curves.has(999), false, 'a run without a curve is absent');
    assert.deepEqual(reread.batchLoss([]), new Map());
    assert.throws(() => reread.addBatchLoss(runId, [[1, 1]]), StoreReadOnlyError);
    await reread.close();
  });

  it('caps a long run at 2,000 points, thinned evenly over the whole run', async () => {
    const { store, runId } = await storeWithRun();
    // 100 epochs of 938 batches, recorded one epoch at a time as training does.
    for (let epoch = 0; epoch < 100; epoch++) store.addBatchLoss(runId, points(938, epoch * 938 + 1));
    const curve = store.batchLoss([runId]).get(runId)!;
    assert.ok(curve.length <= maxBatchLossPoints && curve.length > maxBatchLossPoints / 2, `${curve.length} points`);
    const gaps = new Set(curve.slice(1).map(([step], i) => step - curve[i][0]));
    assert.deepEqual([...gaps], [64], 'every kept point is the same number of steps after the last');
    assert.equal(curve[0][0], 1);
    assert.ok(curve[curve.length - 1][0] > 93_800 - 64, 'the end of the run is kept');
    await store.close();
    assert.ok(fs.statSync(temp.file).size < 200_000, `file is ${fs.statSync(temp.file).size} bytes`);
  });

  it("deletes a variant's curves with its runs and keeps other variants' curves", async () => {
    const store = await HistoryStore.open({ path: temp.file });
    const keepVariant = store.addVariant({ code: sampleCode(2), generator: 'g' }).id;
    const keepRun = store.startRun({ variantId: keepVariant, dataset: 'fashion-mnist' });
    const variantId = store.addVariant({ code: sampleCode(1), generator: 'g' }).id;
    const runId = store.startRun({ variantId, dataset: 'fashion-mnist' });
    store.addBatchLoss(runId, points(5));
    store.addBatchLoss(keepRun, points(3));
    assert.equal(store.deleteVariant(variantId), true);
    await store.close();
    const reread = await HistoryStore.open({ path: temp.file });
    assert.deepEqual([...reread.batchLoss([runId, keepRun]).keys()], [keepRun]);
    // The deleted run had the highest id, so SQLite hands it to the next run: no stale curve may come with it.
    const next = reread.startRun({ variantId: keepVariant, dataset: 'fashion-mnist' });
    assert.equal(next, runId);
    assert.equal(reread.batchLoss([next]).has(next), false);
    await reread.close();
  });

  it('a burst of appends fires a change each and costs one file write', async () => {
    const { store, runId } = await storeWithRun(50);
    await store.flush();
    const changes: StoreChange[] = [];
    let persists = 0;
    store.onDidChange((c) => changes.push(c));
    store.onDidPersist(() => persists++);
    for (let epoch = 0; epoch < 20; epoch++) store.addBatchLoss(runId, points(50, epoch * 50 + 1));
    assert.deepEqual(changes[0], { kind: 'batch-loss', id: runId });
    assert.equal(changes.length, 20);
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(persists, 1);
    store.addBatchLoss(runId, []);
    assert.equal(changes.length, 20, 'no points, no change');
    await store.close();
    assert.equal(persists, 1);
  });

  it('refuses points for a run it does not hold', async () => {
    const { store } = await storeWithRun();
    assert.throws(() => store.addBatchLoss(4242, [[1, 1]]), StoreInputError);
    await store.close();
  });
});

describe('batch-loss curve encoding and thinning', () => {
  it('packs (step, loss) pairs into 8 bytes each and back', () => {
    const packed = packPoints([
      [0, 0.5],
      [4_000_000_000, 123.4567],
    ]);
    assert.equal(packed.length, 16);
    assert.deepEqual(unpackPoints(packed), [
      [0, 0.5],
      [4_000_000_000, 123.4567],
    ]);
    assert.deepEqual(unpackPoints(new Uint8Array(7)), [], 'a truncated value reads as no points');
    assert.deepEqual(unpackPoints(null), []);
  });

  it('doubles the stride when over the cap and samples later points at that stride', () => {
    const first = appendPoints(emptyCurve, points(9), 8);
    assert.deepEqual(
      first.points.map((p) => p[0]),
      [1, 3, 5, 7, 9],
    );
    assert.deepEqual([first.received, first.stride], [9, 2]);
    const second = appendPoints(first, points(4, 10), 8);
    assert.deepEqual(
      second.points.map((p) => p[0]),
      [1, 3, 5, 7, 9, 11, 13],
    );
    assert.deepEqual([second.received, second.stride], [13, 2]);
  });
});
