import * as assert from 'node:assert/strict';
import { liveRunsInOrder, withLiveRun } from '../../../src/shared/liveRuns';
import type { LiveRun } from '../../../src/shared/resultsProtocol';

const run = (runId: number, done = false, loss = 1): LiveRun => ({
  runId,
  variantName: `v${runId}`,
  backend: 'wasm',
  batchLoss: [[1, loss]],
  epochs: [],
  done,
});

describe('live runs keyed by run id', () => {
  it('adds new runs, updates known ones, and keeps several live at once in start order', () => {
    let runs = withLiveRun(new Map(), run(5));
    runs = withLiveRun(runs, run(3));
    runs = withLiveRun(runs, run(5, false, 0.5));
    assert.deepEqual(
      liveRunsInOrder(runs).map((r) => [r.runId, r.batchLoss[0][1]]),
      [
        [3, 1],
        [5, 0.5],
      ],
    );
  });

  it('keeps a finished run until a new one starts, then drops only the finished ones', () => {
    let runs = withLiveRun(withLiveRun(new Map(), run(1)), run(2));
    runs = withLiveRun(runs, run(1, true));
    assert.deepEqual(
      liveRunsInOrder(runs).map((r) => [r.runId, r.done]),
      [
        [1, true],
        [2, false],
      ],
      'the finished run still shows beside the one training',
    );
    runs = withLiveRun(runs, run(2, false, 0.4));
    assert.equal(runs.size, 2, 'an update of a known run drops nothing');
    runs = withLiveRun(runs, run(3));
    assert.deepEqual(
      liveRunsInOrder(runs).map((r) => r.runId),
      [2, 3],
    );
  });

  it('leaves the map it was given alone', () => {
    const before = withLiveRun(new Map(), run(1, true));
    withLiveRun(before, run(2));
    assert.deepEqual([...before.keys()], [1]);
  });
});
