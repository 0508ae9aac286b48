// Our SIMD matmul (a second wasm module over the backend's memory) must give the cpu backend's
// products and gradients: batched right-hand operands (attention), every transpose combination,
// broadcast batch axes, edge tiles, long inner dimensions taken in panels, and the shapes it hands
// back to the stock kernel.
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../../src/trainer/perf/wasmTrainingKernels';
import { assembleModule } from '../../../src/trainer/perf/wasmAssembler';
import { matMulBody, transposeBody } from '../../../src/trainer/perf/wasmSimdMatMul';
import { simdKernels } from '../../../src/trainer/perf/wasmSimdModule';
import { broadcastMatrixIndex } from '../../../src/trainer/perf/wasmBatchedMatMul';
import type { KernelBackend } from '../../../src/trainer/perf/wasmKernelRun';
import { compareWithCpu, useTunedWasm } from './compareBackends';

const close = (errors: number[], tolerance: number) =>
  errors.forEach((e, i) => assert.ok(e < tolerance, `output ${i}: relative error ${e}`));

/** [a shape, b shape, transposeA, transposeB] */
type Case = [number[], number[], boolean, boolean];

const cases: Case[] = [
  // attention at a small size: scores Q·Kᵀ, P·V, and the gradients' transposed forms
  [[2, 3, 9, 5], [2, 3, 9, 5], false, true],
  [[2, 3, 9, 9], [2, 3, 9, 8], false, false],
  [[2, 3, 9, 9], [2, 3, 9, 8], true, false],
  [[2, 3, 9, 8], [2, 3, 9, 9], true, true],
  // batch 1, non-square, edge tiles in both directions (m = 5, n = 13)
  [[1, 5, 3], [1, 3, 13], false, false],
  [[1, 3, 5], [1, 13, 3], true, true],
  // one b matrix (dense layers and their gradients), ranks 2 and 3
  [[37, 6], [6, 11], false, false],
  [[37, 6], [37, 11], true, false],
  [[37, 11], [6, 11], false, true],
  // below the kernel's tile (m < 4 or n < 8): the stock kernel's path
  [[3, 3, 7], [3, 7, 20], false, false],
  [[3, 9, 7], [3, 7, 5], false, false],
];

describe('wasm SIMD matmul', function () {
  this.timeout(60000);

  useTunedWasm(registerWasmTrainingKernels);

  it('instantiates over the wasm backend memory (the engine has wasm SIMD)', () => {
    assert.ok(simdKernels(tf.backend() as unknown as KernelBackend));
  });

  for (const [sa, sb, ta, tb] of cases) {
    it(`matMul and its gradients match cpu: ${sa} × ${sb}, transposeA ${ta}, transposeB ${tb}`, async () => {
      const a = tf.randomNormal(sa, 0, 1, 'float32', 1);
      const b = tf.randomNormal(sb, 0, 1, 'float32', 2);
      const dy = tf.randomNormal(tf.matMul(a, b, ta, tb).shape, 0, 1, 'float32', 3);
      const errors = await compareWithCpu([a, b, dy], (x, y, g) => [
        tf.matMul(x, y, ta, tb),
        ...tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q, ta, tb).mul(g).sum())([x, y]),
      ]);
      close(errors, 1e-5);
    });
  }

  it('broadcasts batch axes like numpy: [2,1] against [3], a rank-2 b, transposed b', async () => {
    // TF.js's matMul gradient does not reduce broadcast batch axes (it throws on cpu too), so
    // this case is forward only; the batched gradients above cover the kernel's backward calls.
    const a = tf.randomNormal([2, 1, 6, 5], 0, 1, 'float32', 4);
    const b = tf.randomNormal([3, 5, 9], 0, 1, 'float32', 5);
    const w = tf.randomNormal([5, 9], 0, 1, 'float32', 6);
    const full = (x: tf.Tensor, shape: number[]) => tf.broadcastTo(x, shape);
    // cpu's own kernel indexes broadcast batches modulo their count, which is right only for
    // equal or single batches, so cpu gets the operands broadcast explicitly.
    const errors = await compareWithCpu([a, b, w], (x, y, v) =>
      tf.getBackend() === 'cpu'
        ? [
            tf.matMul(full(x, [2, 3, 6, 5]), full(y, [2, 3, 5, 9])),
            tf.matMul(x, v),
            tf.matMul(full(x, [2, 3, 6, 5]), full(y.transpose([0, 2, 1]), [2, 3, 9, 5]), false, true),
          ]
        : [tf.matMul(x, y), tf.matMul(x, v), tf.matMul(x, y.transpose([0, 2, 1]), false, true)],
    );
    close(errors, 1e-5);
  });

  it('takes a long inner dimension in panels of b rows, accumulating; edge tiles then go stock', async () => {
    // 256 KiB of b rows at n = 8 is 8192 rows: k = 9000 needs two panels.
    const a = tf.randomNormal([4, 9000], 0, 1, 'float32', 7);
    const b = tf.randomNormal([9000, 8], 0, 1, 'float32', 8);
    const odd = tf.randomNormal([9000, 9], 0, 1, 'float32', 9);
    const errors = await compareWithCpu([a, b, odd], (x, y, z) => [
      tf.matMul(x, y),
      tf.matMul(x.transpose(), y, true, false),
      tf.matMul(x, z),
    ]);
    close(errors, 1e-4);
  });

  it('broadcastMatrixIndex maps each output matrix to the operand matrix it reads', () => {
    assert.deepEqual([...broadcastMatrixIndex([2, 1], [2, 3])], [0, 0, 0, 1, 1, 1]);
    assert.deepEqual([...broadcastMatrixIndex([3], [2, 3])], [0, 1, 2, 0, 1, 2]);
    assert.deepEqual([...broadcastMatrixIndex([], [2, 2])], [0, 0, 0, 0]);
    assert.deepEqual([...broadcastMatrixIndex([2, 3], [2, 3])], [0, 1, 2, 3, 4, 5]);
    assert.deepEqual([...broadcastMatrixIndex([1, 1], [])], [0]);
  });

  it('the module also instantiates over shared memory (the threaded build) and computes there', () => {
    const api = (globalThis as unknown as { WebAssembly: Record<string, new (...args: never[]) => unknown> })
      .WebAssembly as unknown as {
      Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: SharedArrayBuffer };
      Module: new (b: Uint8Array) => object;
      Instance: new (m: object, i: object) => { exports: Record<string, (...args: number[]) => void> };
    };
    const memory = new api.Memory({ initial: 1, maximum: 4, shared: true });
    const bytes = assembleModule(
      [
        { name: 'matmul', body: matMulBody() },
        { name: 'transpose', body: transposeBody() },
      ],
      true,
    );
    const { matmul, transpose } = new api.Instance(new api.Module(bytes), { env: { memory } }).exports;
    const heap = new Float32Array(memory.buffer);
    const [m, k, n] = [5, 3, 9];
    const a = Array.from({ length: m * k }, (_, i) => (i % 7) - 3);
    const bT = Array.from({ length: n * k }, (_, i) => (i % 5) - 2); // n×k, transposed operand
    heap.set(a, 0);
    heap.set(bT, 100);
    transpose(400, 200 * 4, n, k); // b = bTᵀ, k×n at float 200
    matmul(0, 4 * k, 4, 200 * 4, 4 * n, 300 * 4, 4 * n, m, k, n, 0);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let want = 0;
        for (let p = 0; p < k; p++) want += a[i * k + p] * bT[j * k + p];
        assert.equal(heap[300 + i * n + j], want, `out[${i}, ${j}]`);
      }
    }
  });
});
