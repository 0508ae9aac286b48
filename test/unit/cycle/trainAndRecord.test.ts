import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { trainAndRecord } from '../../../src/core/cycle/trainAndRecord';
import type { TrainJob, TrainOutcome } from '../../../src/core/cycle/trainPort';
import { HistoryStore } from '../../../src/core/store/historyStore';

const epoch = { epoch: 1, trainLoss: 0.4, trainAccuracy: 0.85, testAccuracy: 0.86, durationS: 3, samplesPerSec: 900, batches: 10, stoppedEarly: false, backend: 'wasm' as const, paramCount: 4321, numTensors: 18, rssMB: 240 };

function trainer(outcome: Omit<TrainOutcome, 'epochs'>, epochs = [epoch]) {
  return async (job: TrainJob): Promise<TrainOutcome> => {
    epochs.forEach((e) => job.onEpoch?.(e));
    return { ...outcome, epochs };
  };
}

describe('trainAndRecord (run, epochs and status in a real store)', () => {
  let dir: string;
  let store: HistoryStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nngpt-train-record-'));
    store = await HistoryStore.open({ path: path.join(dir, 'history.sqlite'), flushDelayMs: 5 });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const job = (variantId: string) => ({ variantId, name: 'net', code: 'x', fileName: 'net.net.ts', dataset: 'fashion-mnist', hyperparameters: { lr: 0.01 } });
  const summary = { op: 'train' as const, dataset: 'fashion-mnist', backend: 'wasm' as const, skipped: [], paramCount: 4321, epochs: 1, finalTestAccuracy: 0.86, totalDurationS: 3.5, peakRssMB: 240, hyperparameters: {} };

  it('records a finished run with its epoch and marks the variant trained', async () => {
    const { id } = store.addVariant({ code: 'export class Net { a = 1 }', generator: 'manual', status: 'queued' });
    const { runId, accuracy } = await trainAndRecord(store, trainer({ status: 'ok', summary }), job(id));
    assert.equal(accuracy, 0.86);
    const run = store.getRun(runId)!;
    assert.deepEqual([run.status, run.testAccuracy, run.durationMs, run.paramCount, run.failureReason], ['completed', 0.86, 3500, 4321, null]);
    assert.equal(store.epochs(runId).length, 1);
    assert.equal(store.getVariant(id)!.status, 'trained');
  });

  it('a failed run keeps its reason and the epochs it finished; the variant is failed', async () => {
    const { id } = store.addVariant({ code: 'export class Net { b = 2 }', generator: 'manual', status: 'queued' });
    const { runId, accuracy } = await trainAndRecord(store, trainer({ status: 'failed', reason: 'nan-loss', message: 'the loss became NaN at batch 12' }), job(id));
    assert.equal(accuracy, null);
    assert.equal(store.getRun(runId)!.failureReason, 'nan-loss: the loss became NaN at batch 12');
    assert.equal(store.epochs(runId).length, 1);
    assert.equal(store.getVariant(id)!.status, 'failed');
  });

  it('re-training an admitted variant keeps the cycle verdict', async () => {
    const { id } = store.addVariant({ code: 'export class Net { c = 3 }', generator: 'mutation', status: 'admitted' });
    await trainAndRecord(store, trainer({ status: 'ok', summary }), job(id));
    assert.equal(store.getVariant(id)!.status, 'admitted');
    assert.equal(store.listRuns({ variantId: id }).length, 1);
  });
});
