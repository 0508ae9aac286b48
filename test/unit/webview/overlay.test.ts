import * as assert from 'node:assert/strict';
import { overlayCurves } from '../../../webview/lib/overlay';
import type { BatchLossPoint } from '../../../src/shared/historyModel';

describe("overlayCurves (stored runs' batch loss on one step axis)", () => {
  it('unions the steps and leaves a gap where a run has no point', () => {
    const a: BatchLossPoint[] = [
      [20, 2],
      [40, 1.5],
      [60, 1],
    ];
    const b: BatchLossPoint[] = [
      [10, 2.5],
      [40, 1.25],
    ];
    assert.deepEqual(overlayCurves([a, b], 100), [
      [10, 20, 40, 60],
      [null, 2, 1.5, 1],
      [2.5, null, 1.25, null],
    ]);
  });

  it('downsamples each long run on its own, keeping its spikes', () => {
    const long: BatchLossPoint[] = Array.from(
      { length: 2000 },
      (_, i) => [i + 1, i === 1234 ? 9 : 1 / (i + 1)] as const,
    );
    const short: BatchLossPoint[] = [[5, 0.5]];
    const [steps, longY, shortY] = overlayCurves([long, short], 100);
    assert.equal(longY.filter((y) => y !== null).length <= 100, true);
    assert.ok(longY.includes(9), 'the spike survives downsampling');
    assert.equal(shortY[steps.indexOf(5)], 0.5, 'the short run keeps its only point');
    assert.deepEqual(
      steps,
      [...steps].sort((x, y) => x - y),
      'steps ascend, as uPlot needs',
    );
  });

  it('draws nothing for no runs', () => {
    assert.deepEqual(overlayCurves([], 100), [[]]);
  });
});
