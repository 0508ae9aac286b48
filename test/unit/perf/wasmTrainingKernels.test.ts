// The replacement wasm kernels must give the cpu backend's answers: each gradient the reference
// CNN needs, on random data, with the shapes and padding variants Nets use.
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../../src/trainer/perf/wasmTrainingKernels';
import type { ConvCase } from './compareBackends';
import { compareWithCpu, convGradientErrors, useTunedWasm } from './compareBackends';

const compare = compareWithCpu;

describe('wasm training kernels', function () {
  this.timeout(60000);

  useTunedWasm(registerWasmTrainingKernels);

  const convs: ConvCase[] = [
    { x: [3, 28, 28, 1], f: [3, 3, 1, 16], stride: 1, pad: 'same' },
    { x: [3, 14, 14, 16], f: [3, 3, 16, 32], stride: 1, pad: 'same' },
    { x: [2, 9, 9, 3], f: [3, 3, 3, 5], stride: 2, pad: 'same' },
    { x: [2, 10, 10, 3], f: [3, 3, 3, 5], stride: 2, pad: 'valid' },
    { x: [2, 11, 9, 3], f: [5, 3, 3, 4], stride: 3, pad: 'valid' },
    { x: [2, 8, 7, 2], f: [4, 2, 2, 3], stride: 1, pad: 'same' },
    { x: [2, 8, 8, 2], f: [1, 1, 2, 3], stride: 1, pad: 'valid' },
    // Strided input gradients by phase (wasmConvBackpropInputStrided.ts), as the zoo's Nets use them.
    { x: [2, 14, 14, 8], f: [3, 3, 8, 6], stride: 2, pad: 'same' }, // ResNet downsampling
    { x: [2, 14, 14, 8], f: [1, 1, 8, 6], stride: 2, pad: 'same' }, // projection shortcut
    { x: [2, 28, 28, 1], f: [2, 2, 1, 8], stride: 2, pad: 'valid' }, // ConvNeXt stem (stock: few channels)
    { x: [2, 14, 14, 8], f: [2, 2, 8, 16], stride: 2, pad: 'valid' }, // ConvNeXt downsampling
    { x: [2, 28, 28, 8], f: [4, 4, 8, 8], stride: 4, pad: 'valid' }, // ViT-style patches
    { x: [2, 13, 11, 9], f: [3, 3, 9, 5], stride: 2, pad: 'same' }, // odd sizes
    { x: [2, 12, 12, 8], f: [5, 5, 8, 3], stride: 3, pad: 'same' },
    // 1×1 filter gradients as one GEMM, both orientations, subsampled for strides.
    { x: [2, 7, 7, 12], f: [1, 1, 12, 5], stride: 1, pad: 'same' },
    { x: [2, 9, 9, 8], f: [1, 1, 8, 3], stride: 2, pad: 'valid' },
    { x: [2, 9, 9, 3], f: [1, 1, 3, 8], stride: 2, pad: 'same' },
  ];
  for (const c of convs) {
    it(`conv2d gradients match cpu: x ${c.x} filter ${c.f} stride ${c.stride} ${c.pad}`, async () => {
      const errors = await convGradientErrors(tf.conv2d, c);
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
      const [e] = await compare([x, dy], (xx, g) => [
        tf.grad((a: tf.Tensor) =>
          tf
            .maxPool(a as tf.Tensor4D, size, stride, pad)
            .mul(g)
            .sum(),
        )(xx),
      ]);
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
      tf.matMul(cc, aa, true, false),
      tf.matMul(tf.stack([aa, aa]), tf.stack([cc, cc]), true, false),
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
