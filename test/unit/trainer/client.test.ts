import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTraining } from '../../../src/core/training/trainerClient';
import type { TrainingRequest } from '../../../src/core/training/trainerClient';
import type { TrainSpec } from '../../../src/shared/trainerProtocol';
import { trainerBundle } from './trainerBundle';

const reference = readFileSync(resolve(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');
const fashion = '/usr/share/datasets/fashion-mnist';

describe('trainer client (forked, sandboxed trainer)', function () {
  this.timeout(120_000);
  let trainerPath: string;
  let cacheDir: string;
  before(async () => {
    trainerPath = await trainerBundle();
    cacheDir = mkdtempSync(join(tmpdir(), 'nngpt-client-'));
  });
  after(() => cacheDir && rmSync(cacheDir, { recursive: true, force: true }));

  const spec = (extra: Partial<TrainSpec> = {}): TrainSpec => ({
    dataset: 'fashion-mnist',
    epochs: 1,
    batchSize: 32,
    hyperparameters: {},
    maxTrainBatches: 20,
    dataDir: fashion,
    backend: 'wasm',
    progressEvery: 5,
    ...extra,
  });
  const run = (req: Omit<TrainingRequest, 'netFileName'> & { netFileName?: string }, wallTimeLimitS = 90) =>
    startTraining({ netFileName: 'referenceCnn.net.ts', ...req }, { cacheDir, trainerPath, wallTimeLimitS });

  it('trains, streaming ready, progress and epoch events, and returns the epochs and a summary', async () => {
    const h = run({ op: 'train', netSource: reference, spec: spec() });
    const seen: string[] = [];
    h.on('ready', (m) => seen.push(`ready:${m.backend}`));
    h.on('progress', () => seen.push('progress'));
    h.on('epoch', (e) => seen.push(`epoch:${e.epoch}`));
    const r = await h.result;
    assert.equal(r.status, 'ok', r.message);
    assert.equal(seen[0], 'ready:wasm');
    assert.ok(seen.filter((s) => s === 'progress').length >= 4);
    assert.equal(seen.at(-1), 'epoch:1');
    const e = r.epochs[0];
    assert.equal(e.batches, 20);
    assert.equal(e.stoppedEarly, true);
    assert.ok(Number.isFinite(e.trainLoss) && e.trainAccuracy > 0 && e.testAccuracy > 0.2, JSON.stringify(e));
    assert.equal(e.paramCount, 105866);
    assert.ok(e.rssMB > 50);
    assert.equal(r.summary?.backend, 'wasm');
    assert.deepEqual(r.summary?.hyperparameters, { lr: 0.01, momentum: 0.9, dropout: 0.2 });
    assert.ok((r.summary?.peakRssMB ?? 0) >= e.rssMB);
  });

  it('trains on wasm threads when asked: the trainer may start workers, and says how many run', async () => {
    const r = await run({ op: 'train', netSource: reference, spec: spec({ wasmThreads: 2 }) }).result;
    assert.equal(r.status, 'ok', r.message);
    assert.equal(r.sandbox.permission, true);
    assert.equal(r.ready?.note, 'SIMD on, 2 threads');
    assert.equal(r.summary?.backendNote, 'SIMD on, 2 threads');
    assert.ok(r.epochs[0].testAccuracy > 0.2, JSON.stringify(r.epochs[0]));
  });

  it('says why threads are off when the trainer may not start workers, and trains on one', async () => {
    const h = startTraining(
      { op: 'check', netSource: reference, netFileName: 'referenceCnn.net.ts', spec: spec({ wasmThreads: 2 }) },
      { cacheDir, trainerPath, wallTimeLimitS: 90, allowWorkers: false },
    );
    const r = await h.result;
    assert.equal(r.status, 'ok', r.message);
    assert.match(r.ready?.note ?? '', /^SIMD on, 1 thread, threads off: .*--allow-worker/);
  });

  it('stays on one thread by default', async () => {
    const r = await run({ op: 'check', netSource: reference, spec: spec() }).result;
    assert.equal(r.status, 'ok', r.message);
    assert.equal(r.ready?.note, 'SIMD on, 1 thread');
  });

  it('reports a Net with a bug as net-error with the line, not a crash', async () => {
    const buggy = reference.replace(
      'return this.model.apply(x, { training }) as tf.Tensor2D;',
      'return (this as any).modle.apply(x, { training }) as tf.Tensor2D;',
    );
    const r = await run({ op: 'train', netSource: buggy, spec: spec() }).result;
    assert.equal(r.status, 'failed');
    assert.equal(r.reason, 'net-error');
    assert.match(
      r.message ?? '',
      /forward\(\) on a dummy batch threw TypeError: .*reading 'apply'.* \(referenceCnn\.net\.ts line 35\)/,
    );
  });

  it('reports a rejection the Net left behind as net-error', async () => {
    const stray = reference.replace(
      'void device;',
      "void device;\n    void Promise.reject(new RangeError('left behind'));",
    );
    const r = await run({ op: 'train', netSource: stray, spec: spec() }).result;
    assert.equal(r.reason, 'net-error');
    assert.match(r.message ?? '', /RangeError: left behind \(referenceCnn\.net\.ts line 19\)/);
  });

  it('runs the execution check without a dataset and explains a wrong output shape', async () => {
    const ok = await run({
      op: 'check',
      netSource: reference,
      spec: spec({ dataDir: undefined, paramBudget: 200_000 }),
    }).result;
    assert.equal(ok.status, 'ok', ok.message);
    assert.equal(ok.summary?.paramCount, 105866);
    const wrong = reference.replace('tf.layers.dense({ units: outShape[0] })', 'tf.layers.dense({ units: 7 })');
    const bad = await run({ op: 'check', netSource: wrong, spec: spec() }).result;
    assert.equal(bad.reason, 'check-failed');
    assert.match(bad.message ?? '', /returned shape \[32, 7\].*must return logits of shape \[32, 10\]/);
    const budget = await run({ op: 'check', netSource: reference, spec: spec({ paramBudget: 50_000 }) }).result;
    assert.match(budget.message ?? '', /105,866 trainable parameters, over the budget of 50,000/);
  });

  it('survives a listener that throws', async () => {
    const h = run({ op: 'train', netSource: reference, spec: spec({ maxTrainBatches: 2 }) });
    h.on('ready', () => {
      throw new Error('a bug in the caller');
    });
    assert.equal((await h.result).status, 'ok');
  });

  it('stops an epoch at its time limit and says so', async () => {
    const r = await run({
      op: 'train',
      netSource: reference,
      spec: spec({ maxTrainBatches: undefined, epochTimeLimitS: 1 }),
    }).result;
    assert.equal(r.status, 'ok', r.message);
    assert.equal(r.epochs[0].stoppedEarly, true);
    assert.ok(r.epochs[0].batches > 0 && r.epochs[0].batches < 1875, `${r.epochs[0].batches} batches`);
  });

  it('cancels a run and reports it as cancelled', async () => {
    const h = run({ op: 'train', netSource: reference, spec: spec({ maxTrainBatches: undefined }) });
    h.on('progress', () => h.cancel());
    const r = await h.result;
    assert.equal(r.status, 'cancelled');
    assert.equal(r.reason, 'cancelled');
  });

  it('fails cleanly on a dataset folder without the files and on a syntax error, before forking', async () => {
    const noData = await run({ op: 'train', netSource: reference, spec: spec({ dataDir: cacheDir }) }).result;
    assert.equal(noData.reason, 'dataset');
    assert.match(noData.message ?? '', /lacks Fashion-MNIST files/);
    const syntax = await run({ op: 'train', netSource: 'export class Net {', spec: spec() }).result;
    assert.equal(syntax.reason, 'net-error');
    assert.match(syntax.message ?? '', /does not parse/);
  });
});
