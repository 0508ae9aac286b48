import * as assert from 'node:assert/strict';
import { allCores, resolveWasmThreads } from '../../../src/core/training/wasmThreadCount';

describe('wasm thread count (setting 0 is every core)', () => {
  it('gives every core for 0 or no setting, and the setting where it lowers it', () => {
    assert.equal(resolveWasmThreads(allCores, 8), 8);
    assert.equal(resolveWasmThreads(undefined, 6), 6);
    assert.equal(resolveWasmThreads(1, 8), 1);
    assert.equal(resolveWasmThreads(3, 8), 3);
  });

  it('caps at the 64 threads the trainer accepts and never gives fewer than 1', () => {
    assert.equal(resolveWasmThreads(0, 128), 64);
    assert.equal(resolveWasmThreads(100, 8), 64);
    assert.equal(resolveWasmThreads(0, 0), 1);
    assert.equal(resolveWasmThreads(2.5, 4), 4, 'not a whole number: every core');
  });
});
