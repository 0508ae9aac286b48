import * as assert from 'node:assert/strict';
import { autoParallel, resolveTrainerParallelism } from '../../../src/core/training/trainerParallelism';
import { allCores } from '../../../src/core/training/wasmThreadCount';

describe('trainer parallelism (0 is auto for both settings)', () => {
  it('auto trainers fill the cores at the threads each trainer uses', () => {
    assert.deepEqual(resolveTrainerParallelism(autoParallel, 1, 16), { trainers: 16, wasmThreads: 1 });
    assert.deepEqual(resolveTrainerParallelism(autoParallel, 4, 16), { trainers: 4, wasmThreads: 4 });
    assert.deepEqual(resolveTrainerParallelism(autoParallel, 3, 16), { trainers: 5, wasmThreads: 3 });
    assert.deepEqual(resolveTrainerParallelism(undefined, 1, 2), { trainers: 2, wasmThreads: 1 });
  });

  it('two autos give one trainer on every core (the behaviour before parallel trainers)', () => {
    assert.deepEqual(resolveTrainerParallelism(autoParallel, allCores, 8), { trainers: 1, wasmThreads: 8 });
    assert.deepEqual(resolveTrainerParallelism(undefined, undefined, 2), { trainers: 1, wasmThreads: 2 });
  });

  it('an explicit trainer count with auto threads splits the cores between the trainers', () => {
    assert.deepEqual(resolveTrainerParallelism(2, allCores, 8), { trainers: 2, wasmThreads: 4 });
    assert.deepEqual(resolveTrainerParallelism(3, allCores, 8), { trainers: 3, wasmThreads: 2 });
    assert.deepEqual(
      resolveTrainerParallelism(4, allCores, 2),
      { trainers: 4, wasmThreads: 1 },
      'never under 1 thread',
    );
  });

  it('explicit values are kept, even when they oversubscribe the cores', () => {
    assert.deepEqual(resolveTrainerParallelism(2, 2, 2), { trainers: 2, wasmThreads: 2 });
    assert.deepEqual(resolveTrainerParallelism(autoParallel, 8, 2), { trainers: 1, wasmThreads: 8 }, 'at least one');
  });

  it('treats what is not a whole number ≥ 1 as auto and caps the trainers at 64', () => {
    assert.deepEqual(resolveTrainerParallelism(1.5, 1, 4), { trainers: 4, wasmThreads: 1 });
    assert.deepEqual(resolveTrainerParallelism(-1, allCores, 4), { trainers: 1, wasmThreads: 4 });
    assert.deepEqual(resolveTrainerParallelism(autoParallel, 1, 256), { trainers: 64, wasmThreads: 1 });
    assert.deepEqual(resolveTrainerParallelism(1000, allCores, 4), { trainers: 64, wasmThreads: 1 });
    assert.deepEqual(resolveTrainerParallelism(autoParallel, allCores, 0), { trainers: 1, wasmThreads: 1 });
  });
});
