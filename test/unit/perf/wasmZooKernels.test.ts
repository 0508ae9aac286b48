// The wasm kernels the architecture zoo needs (batch norm, depthwise convolutions, concatenation,
// layer norm, attention) must give the cpu backend's answers, forward values and gradients, on
// random data with the shapes, strides, paddings and multipliers those Nets use.
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels, restoreStockWasmKernels } from '../../../src/trainer/perf/wasmTrainingKernels';
import type { ConvCase } from './compareBackends';
import { compareWithCpu, convGradientErrors, useTunedWasm } from './compareBackends';

const close = (errors: number[], tolerance: number) =>
  errors.forEach((e, i) => assert.ok(e < tolerance, `output ${i}: relative error ${e}`));

describe('wasm zoo kernels', function () {
  this.timeout(60000);

  useTunedWasm(registerWasmTrainingKernels);

  it('tile matches cpu for float32, int32 and bool, every axis', async () => {
    const x = tf.randomNormal([2, 1, 3, 5], 0, 1, 'float32', 1);
    const i = tf.tensor2d(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [2, 3],
      'int32',
    );
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

  /** Gradients under TF.js's own gradient for `name` on cpu, then under ours on cpu and wasm: all must agree. */
  async function matchesCoreGradient(
    name: string,
    inputs: tf.Tensor[],
    grads: (...t: tf.Tensor[]) => tf.Tensor[],
  ): Promise<void> {
    await tf.setBackend('cpu');
    assert.deepEqual(restoreStockWasmKernels([name]), [name]);
    const core = tf.tidy(() => grads(...inputs).map((g) => g.dataSync().slice()));
    registerWasmTrainingKernels();
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const ours = tf.tidy(() =>
        grads(...inputs.map((t) => tf.tensor(t.dataSync(), t.shape))).map((g) => g.dataSync().slice()),
      );
      ours.forEach((g, k) =>
        g.forEach((v, i) =>
          assert.ok(
            Math.abs(v - core[k][i]) < 1e-4 * (1 + Math.abs(core[k][i])),
            `${backend} output ${k}[${i}]: ${v} vs ${core[k][i]}`,
          ),
        ),
      );
    }
  }

  it("tile's gradient as one sum equals TF.js's own (a slice per copy), on cpu and wasm", async () => {
    const cases: [number[], number[]][] = [
      [
        [1, 1, 1, 6],
        [3, 4, 5, 1],
      ], // layer norm's scale over N, H, W
      [
        [3, 4, 5, 1],
        [1, 1, 1, 6],
      ], // its moments over C
      [
        [2, 3],
        [3, 2],
      ],
      [
        [2, 1, 3],
        [2, 4, 1],
      ],
      [[5], [3]],
      [
        [2, 3],
        [1, 1],
      ],
    ];
    const inputs = cases.flatMap(([shape, reps], k) => {
      const x = tf.randomNormal(shape, 0, 1, 'float32', 10 + k);
      return [x, tf.randomNormal(tf.tile(x, reps).shape, 0, 1, 'float32', 20 + k)];
    });
    await matchesCoreGradient('Tile:grad', inputs, (...t) =>
      cases.map(([, reps], k) =>
        tf.grad((a: tf.Tensor) =>
          tf
            .tile(a, reps)
            .mul(t[2 * k + 1])
            .sum(),
        )(t[2 * k]),
      ),
    );
  });

  it("mean's gradient as one broadcast equals TF.js's own, on cpu and wasm", async () => {
    const x = tf.randomNormal([3, 4, 5, 6], 0, 1, 'float32', 12);
    const axes: (number | number[])[] = [[0, 1, 2], -1, [1, 3], 0, [0, 1, 2, 3]];
    const inputs = [x, ...axes.map((a, k) => tf.randomNormal(tf.mean(x, a, true).shape, 0, 1, 'float32', 40 + k))];
    await matchesCoreGradient('Mean:grad', inputs, (xx, ...g) => [
      ...axes.map((a, k) => tf.grad((v: tf.Tensor) => tf.mean(v, a, true).mul(g[k]).sum())(xx)),
      tf.grad((v: tf.Tensor) =>
        tf
          .moments(v, [0, 1, 2])
          .variance.mul(g[0].reshape([6]))
          .sum(),
      )(xx),
    ]);
  });

  it("batch norm's fused gradient equals TF.js's own: x, mean, variance, scale, offset", async () => {
    const shapes = [[4, 5, 6, 7], [7], [7], [7], [7]];
    const [x, m, v, s, o] = shapes.map((shape, k) => tf.randomNormal(shape, 0, 1, 'float32', 50 + k));
    const dy = tf.randomNormal(shapes[0], 0, 1, 'float32', 60);
    const variance = v.abs().add(0.1);
    await matchesCoreGradient('FusedBatchNorm:grad', [x, m, variance, s, o, dy], (xx, mm, vv, ss, oo, g) => [
      ...tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor, e: tf.Tensor) =>
        tf.batchNorm(a, b, c, e, d, 1e-3).mul(g).sum(),
      )([xx, mm, vv, ss, oo]),
      // 2-D input (batch norm after a dense layer).
      ...tf.grads((a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) =>
        tf
          .batchNorm(a, b, vv, oo, d, 1e-3)
          .mul(g.reshape([120, 7]))
          .sum(),
      )([xx.reshape([120, 7]), mm, ss]),
    ]);
  });

  it("clipByValue's fused gradient (relu6) equals TF.js's own, edges included", async () => {
    const x = tf.randomNormal([4, 5, 6, 7], 3, 4, 'float32', 80);
    const edges = tf.tensor1d([0, 6, -1e-7, 6.0000005, NaN, Infinity, -Infinity]);
    const dy = tf.randomNormal([4, 5, 6, 7], 0, 1, 'float32', 81);
    await matchesCoreGradient('ClipByValue:grad', [x, edges, dy], (xx, ee, g) => [
      tf.grad((v: tf.Tensor) => tf.clipByValue(v, 0, 6).mul(g).sum())(xx),
      tf.grad((v: tf.Tensor) => tf.clipByValue(v, -1, 0.5).mul(g).sum())(xx),
      tf.grad((v: tf.Tensor) => tf.clipByValue(v, 0, 6).sum())(ee),
    ]);
  });

  it('layer norm and batch norm layers train alike on cpu and wasm (values and every gradient)', async () => {
    const x = tf.randomNormal([4, 6, 5, 8], 0, 1, 'float32', 30);
    const dy = tf.randomNormal([4, 6, 5, 8], 0, 1, 'float32', 31);
    const errors = await compareWithCpu([x, dy], (xx, g) => {
      const ln = tf.layers.layerNormalization({ axis: -1 });
      const bn = tf.layers.batchNormalization({ axis: -1 });
      ln.build(xx.shape);
      bn.build(xx.shape);
      const weights = [...ln.trainableWeights, ...bn.trainableWeights].map((w) => w.read() as tf.Variable);
      const loss = () => (bn.apply(ln.apply(xx), { training: true }) as tf.Tensor).mul(g).sum() as tf.Scalar;
      const { value, grads } = tf.variableGrads(loss, weights);
      const dx = tf.grad((a: tf.Tensor) => (bn.apply(ln.apply(a), { training: true }) as tf.Tensor).mul(g).sum())(xx);
      return [value, dx, ...weights.map((w) => grads[w.name])];
    });
    close(errors, 1e-4);
  });

  it('concat and split (and concat gradients) match cpu on every axis, float32, int32 and bool', async () => {
    const a = tf.randomNormal([2, 5, 4, 12], 0, 1, 'float32', 70);
    const b = tf.randomNormal([2, 5, 4, 100], 0, 1, 'float32', 71);
    const c = tf.randomNormal([2, 5, 4, 3], 0, 1, 'float32', 72);
    const i = tf.tensor2d(
      [
        [1, 2],
        [3, 4],
      ],
      [2, 2],
      'int32',
    );
    const m = tf.tensor2d(
      [
        [1, 0],
        [0, 1],
      ],
      [2, 2],
      'bool',
    );
    const dy = tf.randomNormal([2, 5, 4, 115], 0, 1, 'float32', 73);
    const errors = await compareWithCpu([a, b, c, i, m, dy], (aa, bb, cc, ii, mm, g) => [
      tf.concat([aa, bb, cc], -1),
      tf.concat([aa, aa], 1),
      tf.concat([aa, cc.slice([0, 0, 0, 0], [2, 5, 4, 3])], 3),
      tf.concat([aa.reshape([40, 12]), aa.reshape([40, 12])], 0),
      tf.concat([ii, ii, ii], 1).toFloat(),
      tf.concat([mm, mm], 0).toFloat(),
      ...tf.split(bb, [30, 70], -1),
      ...tf.split(aa, 5, 1),
      ...tf.split(aa, [1, 1], 0),
      ...tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.concat([x, y, z], -1).mul(g).sum())([aa, bb, cc]),
    ]);
    close(errors, 1e-7);
  });

  it('transpose matches cpu at ranks 2 to 6 (attention q/k/v splits, merged and size-1 axes)', async () => {
    const x5 = tf.randomNormal([3, 7, 3, 2, 5], 0, 1, 'float32', 90);
    const x6 = tf.randomNormal([2, 3, 1, 4, 5, 2], 0, 1, 'float32', 91);
    const i5 = tf.tensor(
      Array.from({ length: 120 }, (_, k) => k),
      [2, 3, 2, 5, 2],
      'int32',
    );
    const dy = tf.randomNormal([3, 3, 2, 7, 5], 0, 1, 'float32', 92);
    const errors = await compareWithCpu([x5, x6, i5, dy], (a, b, c, g) => [
      tf.transpose(a, [2, 0, 3, 1, 4]),
      tf.transpose(a, [4, 3, 2, 1, 0]),
      tf.transpose(a, [0, 1, 3, 2, 4]),
      tf.transpose(b, [5, 0, 4, 1, 3, 2]),
      tf.transpose(b, [0, 1, 2, 3, 4, 5]),
      tf.transpose(c, [1, 0, 4, 2, 3]).toFloat(),
      tf.transpose(a.reshape([21, 30]), [1, 0]),
      tf.grad((v: tf.Tensor) => tf.transpose(v, [2, 0, 3, 1, 4]).mul(g).sum())(a),
    ]);
    close(errors, 1e-7);
  });

  it('mean over leading axes (batch statistics) matches cpu; other axes too', async () => {
    const x = tf.randomNormal([4, 5, 6, 7], 0, 1, 'float32', 2);
    const errors = await compareWithCpu([x], (xx) => [
      tf.mean(xx, [0, 1, 2]),
      tf.mean(xx, [0, 1, 2], true),
      tf.mean(xx, 0),
      tf.mean(xx, -1, true),
      tf.mean(xx, [1, 2]),
      tf.mean(xx),
      tf.moments(xx, [0, 1, 2]).variance,
    ]);
    close(errors, 1e-5);
  });

  const depthwise: ConvCase[] = [
    { x: [3, 14, 14, 8], f: [3, 3, 8, 1], stride: 1, pad: 'same' }, // MobileNetV2
    { x: [3, 14, 14, 8], f: [3, 3, 8, 1], stride: 2, pad: 'same' },
    { x: [2, 15, 13, 6], f: [3, 3, 6, 1], stride: 2, pad: 'valid' },
    { x: [2, 14, 14, 12], f: [7, 7, 12, 1], stride: 1, pad: 'same' }, // ConvNeXt
    { x: [3, 11, 9, 5], f: [5, 5, 5, 1], stride: 1, pad: 'valid' },
    { x: [2, 8, 8, 3], f: [6, 5, 3, 1], stride: 1, pad: 'same' }, // even height: asymmetric padding
    { x: [2, 9, 9, 4], f: [5, 3, 4, 2], stride: 1, pad: 'valid' }, // channel multiplier
    { x: [2, 10, 11, 3], f: [3, 3, 3, 3], stride: 2, pad: 'same' },
    { x: [2, 8, 8, 5], f: [4, 4, 5, 1], stride: 1, pad: 'same' }, // even filter: asymmetric padding
    { x: [2, 9, 8, 5], f: [3, 2, 5, 2], stride: 3, pad: 'valid' },
    // channels a multiple of 4: the SIMD filter gradient (16 channels at a time, then 4)
    { x: [1, 9, 7, 20], f: [3, 3, 20, 1], stride: 1, pad: 'same' }, // batch 1, non-square
    { x: [2, 12, 10, 32], f: [3, 3, 32, 1], stride: 2, pad: 'valid' },
    { x: [2, 5, 6, 8], f: [3, 3, 8, 1], stride: 3, pad: 'same' },
    { x: [2, 4, 5, 4], f: [7, 7, 4, 1], stride: 1, pad: 'same' }, // filter wider than the image
  ];
  it('batch norm forward matches cpu: per-channel statistics (SIMD), with and without scale and offset, other shapes stock', async () => {
    const x = tf.randomNormal([2, 5, 7, 20], 100, 1, 'float32', 10); // far from 0: (x − mean) first
    const mean = tf.randomNormal([20], 100, 1, 'float32', 11);
    const variance = tf.randomUniform([20], 0.1, 2, 'float32', 12);
    const scale = tf.randomNormal([20], 1, 0.5, 'float32', 13);
    const offset = tf.randomNormal([20], 0, 1, 'float32', 14);
    const rows = tf.randomNormal([3, 8], 0, 1, 'float32', 15);
    const four = (t: tf.Tensor) => t.reshape([1, 1, 1, 20]);
    const errors = await compareWithCpu([x, mean, variance, scale, offset, rows], (xx, m, v, g, b, r) => [
      tf.batchNorm(xx, m, v, b, g, 1e-3),
      tf.batchNorm(xx, m, v, undefined, undefined, 1e-5),
      tf.batchNorm(xx, four(m), four(v), four(b), four(g)),
      tf.batchNorm(r, tf.moments(r, -1, true).mean, tf.moments(r, -1, true).variance), // per row: stock
      tf.batchNorm(xx.slice([0, 0, 0, 0], [2, 5, 7, 6]), m.slice(0, 6), v.slice(0, 6)), // 6 channels: stock
    ]);
    close(errors, 1e-5);
  });

  it('a tf.layers depthwise convolution (dilation rate left unset: null) matches cpu', async () => {
    const x = tf.randomNormal([2, 9, 9, 8], 0, 1, 'float32', 6);
    const errors = await compareWithCpu([x], (xx) => {
      const layer = tf.layers.depthwiseConv2d({
        kernelSize: 7,
        padding: 'same',
        depthwiseInitializer: tf.initializers.randomNormal({ seed: 7 }),
      });
      return [layer.apply(xx) as tf.Tensor];
    });
    close(errors, 1e-5);
  });

  for (const c of depthwise) {
    it(`depthwiseConv2d and its gradients match cpu: x ${c.x} filter ${c.f} stride ${c.stride} ${c.pad}`, async () => {
      const errors = await convGradientErrors(tf.depthwiseConv2d, c);
      close(errors, 1e-4);
      const x = tf.randomNormal(c.x, 0, 1, 'float32', 4);
      const f = tf.randomNormal(c.f, 0, 1, 'float32', 5);
      const forward = await compareWithCpu([x, f], (xx, ff) => [
        tf.depthwiseConv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, c.stride, c.pad),
      ]);
      close(forward, 1e-5);
    });
  }
});
