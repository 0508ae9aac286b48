// The live run the results panel draws: the host's tracker thins a long run evenly (as the store
// does), skips hidden losses, and ends with one snapshot marked done.
import * as assert from 'node:assert/strict';
import { LiveRunTracker } from '../../../src/host/results/liveRunTracker';
import type { LiveRun } from '../../../src/shared/resultsProtocol';

describe('live run tracker', () => {
  it('keeps at most 5,000 evenly spaced points of a long run and ends marked done', () => {
    const pushed: LiveRun[] = [];
    const tracker = new LiveRunTracker(7, 'cnn.v1', (run) => pushed.push(run));
    tracker.setBackend('wasm');
    const totalBatches = 938;
    for (let epoch = 1; epoch <= 20; epoch++) {
      for (let batch = 1; batch <= totalBatches; batch++) {
        tracker.progress({
          type: 'progress',
          runId: 'r',
          epoch,
          batch,
          totalBatches,
          loss: batch === 5 ? Number.NaN : 1 / (epoch * batch),
          samplesPerSec: 1000,
        });
      }
    }
    tracker.finish();
    const last = pushed.at(-1) as LiveRun;
    assert.equal(last.done, true);
    assert.equal(last.backend, 'wasm');
    const steps = last.batchLoss.map((p) => p[0]);
    assert.ok(steps.length <= 5000 && steps.length > 2500, `${steps.length} points`);
    const gaps = new Set(
      steps
        .slice(1)
        .map((s, i) => s - steps[i])
        .filter((g) => g > 0),
    );
    // One spacing throughout (two where a hidden loss was skipped), not dense at the end and sparse at the start.
    assert.ok(gaps.size <= 2, `spacings ${[...gaps].join(', ')}`);
    assert.ok(steps.at(-1)! > 20 * totalBatches - 10, 'the newest points are kept');
    assert.ok(last.batchLoss.every((p) => Number.isFinite(p[1])));
  });
});
