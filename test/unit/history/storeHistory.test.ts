import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StoreHistory } from '../../../src/core/history/storeHistory';
import { HistoryStore } from '../../../src/core/store/historyStore';
import { cycleStats, emptyTally } from '../../../src/core/cycle/cycleTally';
import { tallyKey } from '../../../src/core/cycle/runCycle';

describe('StoreHistory (the views over a real store file)', () => {
  let dir: string;
  let store: HistoryStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nngpt-history-'));
    store = await HistoryStore.open({ path: path.join(dir, 'history.sqlite'), flushDelayMs: 5 });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('maps cycles, variants, runs and epochs, with cycle statistics from the stored tally', () => {
    const seed = store.addVariant({ code: 'export class Net {}', generator: 'seed', name: 'seed', status: 'admitted' });
    const cycleId = store.startCycle({ dataset: 'fashion-mnist' });
    const child = store.addVariant({
      code: 'export class Net { a = 1 }',
      generator: 'mutation',
      name: 'seed.c1v1',
      cycleId,
      parentId: seed.id,
      status: 'admitted',
      novelty: { score: 0.3, nearestId: seed.id, nearestSimilarity: 0.7 },
    });
    const runId = store.startRun({
      variantId: child.id,
      dataset: 'fashion-mnist',
      hyperparameters: { lr: 0.01 },
      status: 'running',
    });
    store.addEpoch(runId, {
      epoch: 1,
      trainLoss: 0.5,
      trainAccuracy: 0.8,
      testLoss: null,
      testAccuracy: 0.83,
      durationMs: 1500,
      samplesPerSecond: 400,
    });
    store.updateRun(runId, { status: 'completed', testAccuracy: 0.83, durationMs: 1500, paramCount: 4242 });
    const tally = {
      ...emptyTally(),
      candidates: 2,
      valid: 1,
      invalid: 1,
      accuracies: [0.83],
      admitted: 1,
      corpusSize: 2,
      threshold: 0.7,
    };
    store.setMeta(tallyKey(cycleId), JSON.stringify(tally));
    store.endCycle(cycleId, 'completed');

    const history = new StoreHistory(store);
    const [cycle] = history.cycles();
    assert.equal(cycle.id, cycleId);
    assert.equal(cycle.dataset, 'fashion-mnist');
    assert.equal(cycle.status, 'done');
    assert.deepEqual(cycle.stats, cycleStats(cycleId, 1, tally));
    const [variant] = history.variantsOf(cycleId);
    assert.equal(variant.name, 'seed.c1v1');
    assert.equal(variant.accuracy, 0.83);
    assert.equal(variant.similarity, 0.7);
    assert.equal(variant.parentId, seed.id);
    assert.deepEqual(
      history.variantsOf(null).map((v) => v.id),
      [seed.id],
      'the seed lives outside any cycle',
    );
    const [run] = history.runs();
    assert.equal(run.status, 'done');
    assert.equal(run.durationS, 1.5);
    assert.equal(run.variantName, 'seed.c1v1');
    assert.deepEqual(
      history.epochsOf(runId).map((e) => [e.epoch, e.testAccuracy, e.durationS]),
      [[1, 0.83, 1.5]],
    );
    store.addBatchLoss(runId, [
      [20, 1.5],
      [40, 0.75],
    ]);
    assert.deepEqual(
      history.batchLossOf([runId, runId + 1]),
      new Map([
        [
          runId,
          [
            [20, 1.5],
            [40, 0.75],
          ],
        ],
      ]),
      'runs without a curve are absent',
    );
    assert.equal(history.variant(child.id)!.generator, 'mutation');
  });

  it('fires on store changes and sees deletions', () => {
    const history = new StoreHistory(store);
    let fired = 0;
    history.onDidChange(() => fired++);
    const added = store.addVariant({ code: 'export class Net { b = 2 }', generator: 'mutation', name: 'x' });
    assert.equal(history.variantsOf(null).length, 1);
    history.deleteVariant(added.id);
    assert.equal(history.variantsOf(null).length, 0);
    assert.ok(fired >= 2);
  });
});
