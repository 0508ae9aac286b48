import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { trainAndRecord } from '../../../src/core/cycle/trainAndRecord';
import type { TrainJob, TrainOutcome } from '../../../src/core/cycle/trainPort';
import { HistoryStore } from '../../../src/core/store/historyStore';
import type { StoreChange } from '../../../src/core/store/storeTypes';
import type { ProgressMessage } from '../../../src/shared/trainerProtocol';

const epoch = {
  epoch: 1,
  trainLoss: 0.4,
  trainAccuracy: 0.85,
  testAccuracy: 0.86,
  durationS: 3,
  samplesPerSec: 900,
  batches: 10,
  stoppedEarly: false,
  backend: 'wasm' as const,
  paramCount: 4321,
  numTensors: 18,
  rssMB: 240,
};

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
  const job = (variantId: string) => ({
    variantId,
    name: 'net',
    code: 'x',
    fileName: 'net.net.ts',
    dataset: 'fashion-mnist',
    hyperparameters: { lr: 0.01 },
  });
  const summary = {
    op: 'train' as const,
    dataset: 'fashion-mnist',
    backend: 'wasm' as const,
    skipped: [],
    paramCount: 4321,
    epochs: 1,
    finalTestAccuracy: 0.86,
    totalDurationS: 3.5,
    peakRssMB: 240,
    hyperparameters: {},
  };

  it('records a finished run with its epoch and marks the variant trained', async () => {
    const { id } = store.addVariant({ code: 'export class Net { a = 1 }', generator: 'manual', status: 'queued' });
    const { runId, accuracy } = await trainAndRecord(store, trainer({ status: 'ok', summary }), job(id));
    assert.equal(accuracy, 0.86);
    const run = store.getRun(runId)!;
    assert.deepEqual(
      [run.status, run.testAccuracy, run.durationMs, run.paramCount, run.failureReason],
      ['completed', 0.86, 3500, 4321, null],
    );
    assert.equal(store.epochs(runId).length, 1);
    assert.equal(store.getVariant(id)!.status, 'trained');
  });

  it('a run the worker pool had to start again is completed and says it was retried; the job carried the run id', async () => {
    const { id } = store.addVariant({ code: 'export class Net { r = 9 }', generator: 'manual', status: 'queued' });
    let sentRunId: number | undefined;
    const pool = async (j: TrainJob): Promise<TrainOutcome> => {
      sentRunId = j.runId;
      j.onEpoch?.(epoch);
      const message = 'started 2 times (a worker was lost or stopped, and the job ran again); finished on b:7';
      return { status: 'ok', summary, epochs: [epoch], attempts: 2, worker: 'b:7', message };
    };
    const { runId } = await trainAndRecord(store, pool, job(id));
    assert.equal(sentRunId, runId);
    const run = store.getRun(runId)!;
    assert.equal(run.status, 'completed');
    assert.equal(
      run.failureReason,
      `retried: started 2 times (a worker was lost or stopped, and the job ran again); finished on b:7`,
    );
  });

  it('a failed run keeps its reason and the epochs it finished; the variant is failed', async () => {
    const { id } = store.addVariant({ code: 'export class Net { b = 2 }', generator: 'manual', status: 'queued' });
    const { runId, accuracy } = await trainAndRecord(
      store,
      trainer({ status: 'failed', reason: 'nan-loss', message: 'the loss became NaN at batch 12' }),
      job(id),
    );
    assert.equal(accuracy, null);
    assert.equal(store.getRun(runId)!.failureReason, 'nan-loss: the loss became NaN at batch 12');
    assert.equal(store.epochs(runId).length, 1);
    assert.equal(store.getVariant(id)!.status, 'failed');
  });

  it("records the batch-loss curve with each epoch, not per progress message, and keeps a failed run's last partial epoch", async () => {
    const { id } = store.addVariant({ code: 'export class Net { d = 4 }', generator: 'manual', status: 'queued' });
    const progress = (epoch: number, batch: number, loss: number): ProgressMessage => ({
      type: 'progress',
      runId: 'r',
      epoch,
      batch,
      totalBatches: 100,
      loss,
      samplesPerSec: 500,
    });
    const seen: ProgressMessage[] = [];
    const writes: StoreChange[] = [];
    store.onDidChange((c) => c.kind === 'batch-loss' && writes.push(c));
    const train = async (j: TrainJob): Promise<TrainOutcome> => {
      [progress(1, 20, 2.5), progress(1, 40, Number.NaN), progress(1, 60, 1.75)].forEach((p) => j.onProgress?.(p));
      j.onEpoch?.(epoch);
      [progress(2, 20, 1.5), progress(2, 40, 1.25)].forEach((p) => j.onProgress?.(p));
      j.onEpoch?.({ ...epoch, epoch: 2 });
      j.onProgress?.(progress(3, 20, 0.75));
      return { status: 'failed', reason: 'nan-loss', epochs: [epoch, { ...epoch, epoch: 2 }] };
    };
    const { runId } = await trainAndRecord(store, train, job(id), { onProgress: (p) => seen.push(p) });
    assert.deepEqual(store.batchLoss([runId]).get(runId), [
      [20, 2.5],
      [60, 1.75],
      [120, 1.5],
      [140, 1.25],
      [220, 0.75],
    ]);
    assert.equal(writes.length, 3, 'one write per epoch and one for the partial epoch');
    assert.equal(seen.length, 6, 'the live hook still sees every progress message');
  });

  it('re-training an admitted variant keeps the cycle verdict', async () => {
    const { id } = store.addVariant({ code: 'export class Net { c = 3 }', generator: 'mutation', status: 'admitted' });
    await trainAndRecord(store, trainer({ status: 'ok', summary }), job(id));
    assert.equal(store.getVariant(id)!.status, 'admitted');
    assert.equal(store.listRuns({ variantId: id }).length, 1);
  });
});
