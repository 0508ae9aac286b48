// The wasm kernels the architecture zoo needs (batch norm, depthwise convolutions, concatenation,
// layer norm, attention) must give the cpu backend's answers, forward values and gradients, on
// random data with the shapes, strides, paddings and multipliers those Nets use.
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../../src/trainer/perf/wasmTrainingKernels';
import type { ConvCase } from './compareBackends';
import { compareWithCpu, convGradientErrors, useTunedWasm } from './compareBackends';

const close = (errors: number[], tolerance: number) => errors.forEach((e, i) => assert.ok(e < tolerance, `output ${i}: relative error ${e}`));

describe('wasm zoo kernels', function () {
  this.timeout(60000);

  useTunedWasm(registerWasmTrainingKernels);

  it('tile matches cpu for float32, int32 and bool, every axis', async () => {
    const x = tf.randomNormal([2, 1, 3, 5], 0, 1, 'float32', 1);
    const i = tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32');
    const b = tf.tensor1d([1, 0, 1], 'bool');
    const s = tf.scalar(3);
    const errors = await compareWithCpu([x, i, b, s], (xx, ii, bb, ss) => [
      tf.tile(xx, [1, 4, 1, 1]),
      tf.tile(xx, [3, 2, 2, 1]),
      tf.tile(xx, [1, 1, 1, 40]),
      tf.tile(tf.reshape(xx.slice([0, 0, 0, 0], [1, 1, 1, 5]), [1, 1, 1, 5]), [4, 6, 7, 1]),
      tf.tile(ii, [3, 2]).toFloat(),
      tf.tile(bb, [5]).toFloat(),
      tf.tile(ss.reshape([1]), [9]),
    ]);
    close(errors, 1e-7);
  });

  it('mean over leading axes (batch statistics) matches cpu; other axes too', async () => {
    const x = tf.randomNormal([4, 5, 6, 7], 0, 1, 'float32', 2);
    const errors = await compareWithCpu([x], (xx) => [tf.mean(xx, [0, 1, 2]), tf.mean(xx, [0, 1, 2], true), tf.mean(xx, 0), tf.mean(xx, -1, true), tf.mean(xx, [1, 2]), tf.mean(xx), tf.moments(xx, [0, 1, 2]).variance]);
    close(errors, 1e-5);
  });

  const depthwise: ConvCase[] = [
    { x: [3, 14, 14, 8], f: [3, 3, 8, 1], stride: 1, pad: 'same' }, // MobileNetV2
    { x: [3, 14, 14, 8], f: [3, 3, 8, 1], stride: 2, pad: 'same' },
    { x: [2, 15, 13, 6], f: [3, 3, 6, 1], stride: 2, pad: 'valid' },
    { x: [2, 14, 14, 12], f: [7, 7, 12, 1], stride: 1, pad: 'same' }, // ConvNeXt
    { x: [2, 9, 9, 4], f: [5, 3, 4, 2], stride: 1, pad: 'valid' }, // channel multiplier
    { x: [2, 10, 11, 3], f: [3, 3, 3, 3], stride: 2, pad: 'same' },
    { x: [2, 8, 8, 5], f: [4, 4, 5, 1], stride: 1, pad: 'same' }, // even filter: asymmetric padding
    { x: [2, 9, 8, 5], f: [3, 2, 5, 2], stride: 3, pad: 'valid' },
  ];
  for (const c of depthwise) {
    it(`depthwiseConv2d gradients match cpu: x ${c.x} filter ${c.f} stride ${c.stride} ${c.pad}`, async () => {
      const errors = await convGradientErrors(tf.depthwiseConv2d, c);
      close(errors, 1e-4);
    });
  }
});
