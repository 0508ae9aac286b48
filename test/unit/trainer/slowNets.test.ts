// Slow and hung Nets end fast with a named reason: the real forked trainer, with small limits.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CycleEvent } from '../../../src/core/cycle/runCycle';
import { runCycle } from '../../../src/core/cycle/runCycle';
import { netApiChecker } from '../../../src/core/generate/netApiChecker';
import type { VariantGenerator } from '../../../src/core/generate/variantGenerator';
import { NoveltyChecker } from '../../../src/core/novelty/noveltyChecker';
import { HistoryStore } from '../../../src/core/store/historyStore';
import { startTraining } from '../../../src/core/training/trainerClient';
import { createExecutionCheck, createTrainPort } from '../../../src/core/training/trainerProcessPorts';
import type { TrainerClientOptions, TrainingResult } from '../../../src/core/training/trainerClient';
import type { TrainSpec } from '../../../src/shared/trainerProtocol';
import { trainerBundle } from './trainerBundle';

const fixtures = resolve(__dirname, '../../fixtures/slow');
const reference = readFileSync(resolve(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');
const stalling = readFileSync(join(fixtures, 'stallingNet.net.ts'), 'utf8');
/** The stalling Net with code in its training forward() and after each batch of learn(). */
const stalled = (code: { forward?: string; afterBatch?: string }) =>
  stalling.replace('/*{{FORWARD}}*/', code.forward ?? '').replace('/*{{AFTER_BATCH}}*/', code.afterBatch ?? '');
/** Spins forever (blocking the trainer's event loop) from training batch `n` on. */
const loopFrom = (n: number) => stalled({ forward: `if (this.calls >= ${n}) for (;;) { /* busy */ }` });
/** Busy-waits `ms` in every training forward(). */
const busy = (ms: number) =>
  stalled({ forward: `const until = Date.now() + ${ms}; while (Date.now() < until) { /* busy */ }` });
/** Awaits a promise that never settles after batch 2: the event loop stays free, nothing progresses. */
const neverResolves = stalled({ afterBatch: 'if (this.calls === 2) await new Promise<void>(() => undefined);' });

describe('slow and hung Nets end with a named reason', function () {
  this.timeout(90_000);
  let trainerPath: string;
  let cacheDir: string;
  before(async () => {
    trainerPath = await trainerBundle();
    cacheDir = mkdtempSync(join(tmpdir(), 'nngpt-slow-'));
  });
  after(() => cacheDir && rmSync(cacheDir, { recursive: true, force: true }));

  const spec = (extra: Partial<TrainSpec> = {}): TrainSpec => ({
    dataset: 'fashion-mnist',
    epochs: 1,
    batchSize: 32,
    hyperparameters: { lr: 0.05 },
    maxTrainBatches: 40,
    dataDir: '/usr/share/datasets/fashion-mnist',
    backend: 'wasm',
    wasmThreads: 1,
    ...extra,
  });
  /** Runs one job; the wall time is far above every limit under test, so it never decides. */
  async function run(
    op: 'train' | 'check',
    source: string,
    extraSpec: Partial<TrainSpec>,
    limits: Partial<TrainerClientOptions>,
  ): Promise<TrainingResult & { seconds: number }> {
    const t0 = Date.now();
    const handle = startTraining(
      { op, netSource: source, netFileName: 'slow.net.ts', spec: spec(extraSpec) },
      { cacheDir, trainerPath, wallTimeLimitS: 80, ...limits },
    );
    const result = await handle.result;
    if (process.env.NNGPT_TEST_VERBOSE) console.log(`      ${result.reason}: ${result.message}`);
    return { ...result, seconds: (Date.now() - t0) / 1000 };
  }

  it('ends a training run whose forward() loops forever at batch 3 as hung, naming the batch, within the no-progress limit', async () => {
    const r = await run('train', loopFrom(3), {}, { noProgressS: 3 });
    assert.equal(r.status, 'failed', r.message);
    assert.equal(r.reason, 'hung', r.message);
    assert.match(
      r.message ?? '',
      /^the Net made no progress for \d+ s \(no-progress limit 3 s\) in batch 3 of 40 \(epoch 1\)/,
    );
    assert.match(r.message ?? '', /2 batches of this epoch finished \(≈ [\d.]+ s per batch/);
    assert.ok(r.seconds < 40, `ended after ${r.seconds} s`);
  });

  it('ends a learn() that awaits forever after two batches as hung in batch 2', async () => {
    const r = await run('train', neverResolves, {}, { noProgressS: 3 });
    assert.equal(r.reason, 'hung', r.message);
    assert.match(r.message ?? '', /in batch 2 of 40 \(epoch 1\)/);
  });

  it('refuses a check whose timed batches project an epoch over the budget as too slow, with the estimate', async () => {
    const r = await run('check', busy(1000), { epochBudgetS: 900, maxTrainBatches: undefined }, {});
    assert.equal(r.reason, 'too-slow', r.message);
    // 1 s per batch over Fashion-MNIST's 1,875 batches of 32: about half an hour.
    assert.match(
      r.message ?? '',
      /^too slow: ≈ 1(\.\d)? s per batch, ≈ 3[0-9] min per epoch \(1,875 batches of 32\), over the budget of 15 min per epoch/,
    );
    const fast = await run('check', reference, { epochBudgetS: 900, maxTrainBatches: undefined }, {});
    assert.equal(fast.status, 'ok', fast.message);
  });

  it('kills a check whose first batch never ends at the check time limit, saying nothing finished', async () => {
    const r = await run('check', loopFrom(1), {}, { checkTimeLimitS: 4 });
    assert.equal(r.reason, 'too-slow', r.message);
    assert.match(
      r.message ?? '',
      /^too slow: the execution check ran out of its 4 s limit in batch 1 of 3 \(epoch 1\), with no training batch finished/,
    );
    assert.ok(r.seconds < 30, `ended after ${r.seconds} s`);
  });

  it('kills a check at its time limit mid-batch with what it measured so far', async () => {
    const r = await run('check', loopFrom(2), {}, { checkTimeLimitS: 4 });
    assert.equal(r.reason, 'too-slow', r.message);
    assert.match(
      r.message ?? '',
      /^too slow: the execution check ran out of its 4 s limit in batch 2 of 3 \(epoch 1\) after 1 batch: ≈ [\d.]+ s per batch, ≈ [\d.]+ min per epoch \(40 batches per epoch\)/,
    );
  });
});

describe('a cycle records a hung or too slow candidate with its reason and moves on', function () {
  this.timeout(120_000);
  it('trains the next candidate after one that hangs in training and one the check finds too slow', async () => {
    const trainerPath = await trainerBundle();
    const dir = mkdtempSync(join(tmpdir(), 'nngpt-slow-cycle-'));
    const store = await HistoryStore.open({ path: join(dir, 'history.sqlite'), flushDelayMs: 5 });
    try {
      const mlp = readFileSync(resolve(__dirname, '../../fixtures/nets/valid/mlp.net.ts'), 'utf8');
      // Hangs at training batch 5: the check's 3 batches pass, the run does not.
      const candidates = [loopFrom(5), busy(1000), mlp];
      const generator: VariantGenerator = {
        kind: 'llm',
        propose: async ({ randomSeed }) => ({ reply: 'scripted', code: candidates[randomSeed % 1000], snippets: [] }),
      };
      const options = { cacheDir: dir, trainerPath, noProgressS: 3, checkTimeLimitS: 30 };
      const shared = {
        epochs: 1,
        batchSize: 32,
        maxTrainBatches: 10,
        backend: 'wasm' as const,
        wasmThreads: 1,
        dataDir: '/usr/share/datasets/fashion-mnist',
      };
      const events: CycleEvent[] = [];
      const result = await runCycle(
        // 10 batches of the busy Net take ≈ 10 s, over a 3 s budget; the MLP's take well under one.
        {
          store,
          novelty: new NoveltyChecker(),
          generator,
          checker: netApiChecker,
          executionCheck: createExecutionCheck(options, { ...shared, dataset: 'fashion-mnist', epochBudgetS: 3 }),
          train: createTrainPort(options, shared),
        },
        { code: reference, fileName: 'referenceCnn.net.ts', name: 'referenceCnn' },
        { candidates: 3, dataset: 'fashion-mnist', threshold: 0.1, trusted: true, k: 1, maxRepairs: 0, randomSeed: 0 },
        { onEvent: (e) => events.push(e) },
      );
      assert.equal(result.status, 'completed');
      const statuses = events.flatMap((e) => (e.type === 'candidate' ? [`${e.status}: ${e.message}`] : []));
      assert.equal(statuses.length, 3, statuses.join('\n'));
      assert.match(statuses[0], /^novel/);
      assert.match(statuses[1], /^invalid: .*The execution check failed: too slow: ≈ 1(\.\d)? s per batch/);
      assert.match(statuses[2], /^novel/);
      const runs = store.listRuns().map((r) => store.getRun(r.id)!);
      assert.equal(runs.length, 2, 'both novel candidates were trained');
      const hung = runs.find((r) => r.status === 'failed');
      assert.match(
        hung?.failureReason ?? '',
        /^hung: the Net made no progress for \d+ s \(no-progress limit 3 s\) in batch 5 of 10 \(epoch 1\)/,
      );
      const trained = events.find((e) => e.type === 'trained' && e.accuracy !== null);
      assert.ok(trained, 'the candidate after the hung one trained to an accuracy');
      assert.equal(result.stats.candidates, 3);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
