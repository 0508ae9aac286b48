// `npm run bench:train` options: defaults, every flag, and clear errors for bad input.
import * as assert from 'node:assert/strict';
import { parseBenchArgs } from '../../../bench/lib/benchArgs';
import { permutation } from '../../../bench/lib/tfjsEpoch';

describe('bench:train options', () => {
  it('defaults to the full epoch on the best backend with one run and the torch peer', () => {
    const a = parseBenchArgs([]);
    assert.equal(a.backend, undefined);
    assert.equal(a.maxBatches, 0);
    assert.equal(a.repeat, 1);
    assert.equal(a.torch, true);
    assert.equal(a.torchBlas, 'openblas');
    assert.equal(a.batch, 64);
    assert.ok(a.threads >= 1);
  });

  it('reads every flag', () => {
    const a = parseBenchArgs([
      '--backend',
      'webgpu',
      '--threads',
      '2',
      '--max-batches',
      '50',
      '--repeat',
      '3',
      '--no-torch',
      '--profile',
      '--stock-kernels',
      'Sum,MaxPoolGrad',
      '--data',
      '/d',
      '--batch',
      '32',
      '--torch-blas',
      'system',
    ]);
    assert.deepEqual(
      { ...a },
      {
        backend: 'webgpu',
        threads: 2,
        maxBatches: 50,
        repeat: 3,
        torch: false,
        torchBlas: 'system',
        profile: true,
        stockKernels: ['Sum', 'MaxPoolGrad'],
        dataDir: '/d',
        batch: 32,
      },
    );
    assert.equal(parseBenchArgs(['--quick']).maxBatches, 100);
  });

  it('refuses unknown flags and bad numbers with the usage text', () => {
    assert.throws(() => parseBenchArgs(['--fast']), /unknown option '--fast'[\s\S]*usage/);
    assert.throws(() => parseBenchArgs(['--threads', '0']), /--threads needs an integer ≥ 1, got '0'/);
    assert.throws(() => parseBenchArgs(['--max-batches']), /--max-batches needs an integer ≥ 1, got ''/);
    assert.throws(() => parseBenchArgs(['--torch-blas', 'mkl']), /--torch-blas is openblas or system, got 'mkl'/);
  });
});

describe('bench shuffle', () => {
  it('is a seeded permutation', () => {
    const p = permutation(1000, 1);
    assert.deepEqual(
      [...p].sort((x, y) => x - y),
      [...Array(1000).keys()],
    );
    assert.deepEqual(permutation(1000, 1), p);
    assert.notDeepEqual(permutation(1000, 2), p);
  });
});
