// The replacement wasm kernels must give the cpu backend's answers: each gradient the reference
// CNN needs, on random data, with the shapes and padding variants Nets use.
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../../src/trainer/perf/wasmTrainingKernels';

type Conv = { x: number[]; f: number[]; stride: number; pad: 'same' | 'valid' };

/** Runs `fn` on both backends with the same inputs; returns the largest absolute difference per output. */
async function compare(inputs: tf.Tensor[], fn: (...t: tf.Tensor[]) => tf.Tensor[]): Promise<number[]> {
  const values = inputs.map((t) => ({ data: t.dataSync().slice(), shape: t.shape }));
  const results: Float32Array[][] = [];
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const outs = tf.tidy(() => fn(...values.map((v) => tf.tensor(v.data, v.shape))));
    results.push(outs.map((o) => o.dataSync() as Float32Array));
    tf.dispose(outs);
  }
  return results[0].map((want, i) => {
    const got = results[1][i];
    assert.equal(got.length, want.length);
    let worst = 0;
    for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(got[k] - want[k]) / (1 + Math.abs(want[k])));
    return worst;
  });
}

describe('wasm training kernels', function () {
  this.timeout(60000);

  before(async () => {
    registerWasmTrainingKernels();
    await tf.setBackend('wasm');
  });

  after(async () => {
    await tf.setBackend('cpu');
  });

  const convs: Conv[] = [
    { x: [3, 28, 28, 1], f: [3, 3, 1, 16], stride: 1, pad: 'same' },
    { x: [3, 14, 14, 16], f: [3, 3, 16, 32], stride: 1, pad: 'same' },
    { x: [2, 9, 9, 3], f: [3, 3, 3, 5], stride: 2, pad: 'same' },
    { x: [2, 10, 10, 3], f: [3, 3, 3, 5], stride: 2, pad: 'valid' },
    { x: [2, 11, 9, 3], f: [5, 3, 3, 4], stride: 3, pad: 'valid' },
    { x: [2, 8, 7, 2], f: [4, 2, 2, 3], stride: 1, pad: 'same' },
    { x: [2, 8, 8, 2], f: [1, 1, 2, 3], stride: 1, pad: 'valid' },
  ];
  for (const c of convs) {
    it(`conv2d gradients match cpu: x ${c.x} filter ${c.f} stride ${c.stride} ${c.pad}`, async () => {
      const x = tf.randomNormal(c.x, 0, 1, 'float32', 1);
      const f = tf.randomNormal(c.f, 0, 1, 'float32', 2);
      const probe = tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad);
      const dy = tf.randomNormal(probe.shape, 0, 1, 'float32', 3);
      const errors = await compare([x, f, dy], (xx, ff, g) =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad).mul(g).sum())([xx, ff]),
      );
      for (const e of errors) assert.ok(e < 1e-4, `relative error ${e}`);
    });
  }

  for (const [shape, size, stride, pad] of [
    [[2, 28, 28, 16], 2, 2, 'valid'],
    [[2, 7, 7, 3], 2, 2, 'valid'],
    [[2, 7, 7, 3], 3, 2, 'same'],
    [[1, 6, 6, 2], 3, 1, 'same'],
  ] as [number[], number, number, 'same' | 'valid'][]) {
    it(`maxPool gradient matches cpu: ${shape} pool ${size} stride ${stride} ${pad}`, async () => {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 4).relu(); // ReLU makes ties at 0, as in a CNN
      const probe = tf.maxPool(x as tf.Tensor4D, size, stride, pad);
      const dy = tf.randomNormal(probe.shape, 0, 1, 'float32', 5);
      const [e] = await compare([x, dy], (xx, g) => [tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, size, stride, pad).mul(g).sum())(xx)]);
      assert.ok(e < 1e-6, `relative error ${e}`);
    });
  }

  it('transposed matMuls and leading-axis sums match cpu', async () => {
    const a = tf.randomNormal([64, 37], 0, 1, 'float32', 6);
    const b = tf.randomNormal([23, 37], 0, 1, 'float32', 7);
    const c = tf.randomNormal([64, 23], 0, 1, 'float32', 8);
    const x = tf.randomNormal([4, 5, 6, 7], 0, 1, 'float32', 9);
    const errors = await compare([a, b, c, x], (aa, bb, cc, xx) => [
      tf.matMul(aa, bb, false, true),
      tf.matMul(aa, cc, true, false),
      tf.matMul(bb, cc, true, true),
      tf.sum(xx, [0, 1, 2]),
      tf.sum(xx, [0], true),
      tf.sum(xx, [1, 3]),
      tf.sum(xx),
    ]);
    for (const e of errors) assert.ok(e < 1e-5, `relative error ${e}`);
  });

  it('registering twice keeps the kernels installed once', () => {
    const first = registerWasmTrainingKernels();
    const second = registerWasmTrainingKernels();
    assert.deepEqual(second, first);
    assert.ok(first.includes('Conv2DBackpropFilter'));
  });
});
