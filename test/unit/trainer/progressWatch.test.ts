import * as assert from 'node:assert/strict';
import { checkOutOfTimeMessage, describePace, epochBatches, tooSlowMessage } from '../../../src/core/training/pace';
import { ProgressWatch } from '../../../src/core/training/progressWatch';
import type { HeartbeatMessage } from '../../../src/shared/trainerProtocol';

const beat = (
  phase: HeartbeatMessage['phase'],
  batch?: number,
  totalBatches?: number,
  epoch = 1,
): HeartbeatMessage => ({ type: 'heartbeat', runId: 'r', phase, epoch, batch, totalBatches });

describe('pace wording', () => {
  it('counts a proxy epoch in batches, capped by maxTrainBatches', () => {
    assert.equal(epochBatches(50_000, 64), 782);
    assert.equal(epochBatches(60_000, 64, 100), 100);
    assert.equal(epochBatches(60_000, 64, 5000), 938);
  });

  it('says seconds per batch and minutes per epoch in two figures', () => {
    assert.equal(describePace(2.13, 782), '≈ 2.1 s per batch, ≈ 28 min per epoch');
    assert.equal(describePace(0.043, 938), '≈ 0.043 s per batch, ≈ 0.67 min per epoch');
    assert.match(
      tooSlowMessage(4.5, 782, 64, 1800),
      /^too slow: ≈ 4\.5 s per batch, ≈ 59 min per epoch \(782 batches of 64\), over the budget of 30 min per epoch\. Use fewer/,
    );
  });

  it('takes the unfinished batch as a floor when a check ran out of time mid-batch', () => {
    const m = checkOutOfTimeMessage({
      limitS: 60,
      where: 'batch 2 of 3 (epoch 1)',
      batchesDone: 1,
      perBatchS: 12,
      withWarmUp: true,
      currentS: 48,
      epochBatches: 782,
    });
    assert.match(
      m,
      /^too slow: the execution check ran out of its 60 s limit in batch 2 of 3 \(epoch 1\) after 1 batch: ≈ 48 s per batch, ≈ 626 min per epoch \(782 batches per epoch\)/,
    );
    const warm = checkOutOfTimeMessage({
      limitS: 60,
      where: 'batch 2 of 3 (epoch 1)',
      batchesDone: 1,
      perBatchS: 40,
      withWarmUp: true,
      currentS: 20,
      epochBatches: 782,
    });
    assert.match(warm, /≈ 40 s per batch, ≈ 521 min per epoch, the first batch with its warm-up/);
  });
});

describe('the host progress watch', () => {
  it('names the phase and gives start-up and loading their own limit', () => {
    const w = new ProgressWatch(0);
    assert.equal(w.limitS(120, 300), 300);
    assert.match(w.where(), /^start-up/);
    w.note(beat('loading'), 1000);
    assert.equal(w.limitS(120, 300), 300);
    w.note(beat('building'), 2000);
    assert.equal(w.limitS(120, 300), 120);
    w.note(beat('batch', 1, 938), 3000);
    assert.equal(w.where(), 'batch 1 of 938 (epoch 1)');
    w.note(beat('evaluation', 4, 157), 9000);
    assert.equal(w.where(), 'evaluation, batch 4 of 157 (epoch 1)');
  });

  it('times finished batches by their heartbeats and leaves the warm-up batch out once a later one finished', () => {
    const w = new ProgressWatch(0);
    w.note(beat('batch', 1, 3), 1000);
    assert.deepEqual(w.measured(), { batchesDone: 0, withWarmUp: false });
    w.note(beat('batch', 2, 3), 6000);
    assert.deepEqual(w.measured(), { batchesDone: 1, perBatchS: 5, withWarmUp: true });
    w.note(beat('batch', 3, 3), 8000);
    w.note(beat('evaluation', 1, 1), 10_000);
    assert.deepEqual(w.measured(), { batchesDone: 3, perBatchS: 2, withWarmUp: false });
    // Any message is a sign of life; only heartbeats move the phase.
    w.note({ type: 'log', runId: 'r', level: 'info', message: 'x' }, 12_000);
    assert.equal(w.silentS(15_000), 3);
  });

  it('starts the batch times afresh each epoch and says what hung with what it measured', () => {
    const w = new ProgressWatch(0);
    w.note(beat('batch', 1, 10, 1), 0);
    w.note(beat('batch', 2, 10, 1), 1000);
    w.note(beat('batch', 1, 10, 2), 50_000);
    w.note(beat('batch', 2, 10, 2), 52_000);
    w.note(beat('batch', 3, 10, 2), 55_000);
    assert.deepEqual(w.measured(), { batchesDone: 2, perBatchS: 3, withWarmUp: false });
    const m = w.hungMessage(120, 180_000);
    assert.match(
      m,
      /^the Net made no progress for 125 s \(no-progress limit 120 s\) in batch 3 of 10 \(epoch 2\), so it was stopped/,
    );
    assert.match(m, /2 batches of this epoch finished \(≈ 3 s per batch, ≈ 0\.5 min per epoch\)/);
    assert.match(
      new ProgressWatch(0).hungMessage(300, 301_000),
      /^the trainer sent nothing for 301 s \(no-progress limit 300 s\) in start-up/,
    );
  });
});
