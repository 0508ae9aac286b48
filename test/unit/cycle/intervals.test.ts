import * as assert from 'node:assert/strict';
import { meanInterval, median, tCritical95, wilsonInterval } from '../../../src/core/cycle/intervals';

const close = (actual: number, expected: number, tolerance = 1e-3) =>
  assert.ok(Math.abs(actual - expected) < tolerance, `${actual} is not within ${tolerance} of ${expected}`);

describe('cycle intervals', () => {
  it('Wilson interval matches the textbook value for 8 of 10', () => {
    const [lo, hi] = wilsonInterval(8, 10);
    close(lo, 0.4902);
    close(hi, 0.9433);
  });

  it('Wilson interval stays inside [0, 1] at the edges', () => {
    const [lo0, hi0] = wilsonInterval(0, 5);
    assert.equal(lo0, 0);
    close(hi0, 0.4345);
    const [lo5, hi5] = wilsonInterval(5, 5);
    close(lo5, 0.5655);
    assert.equal(hi5, 1);
    assert.deepEqual(wilsonInterval(0, 0), [0, 1]);
  });

  it('t critical values: table and large-df expansion', () => {
    close(tCritical95(1), 12.706);
    close(tCritical95(10), 2.228);
    close(tCritical95(40), 2.021, 2e-3);
    close(tCritical95(120), 1.98, 2e-3);
  });

  it('mean interval of known data', () => {
    const { mean, interval } = meanInterval([0.5, 0.6, 0.7]);
    close(mean!, 0.6);
    // s = 0.1, n = 3, t(2) = 4.303 → half-width 0.2484
    close(interval![0], 0.6 - 0.24843);
    close(interval![1], 0.6 + 0.24843);
    assert.deepEqual(meanInterval([0.4]), { mean: 0.4, interval: null });
    assert.deepEqual(meanInterval([]), { mean: null, interval: null });
  });

  it('median of odd and even lists', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), null);
  });
});
