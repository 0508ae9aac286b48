// One training step of the reference CNN on the tuned wasm backend must match the cpu backend:
// same weights, same batch, loss and every variable's gradient (dropout off so both are exact).
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Net } from '../../../examples/nets/referenceCnn.net';
import { tuneBackend } from '../../../src/trainer/perf/tuneBackend';

const prm = { lr: 0.01, momentum: 0.9, dropout: 0.2 };

/**
 * Loss and gradients of `net` on one batch, in the model's layer order. Not by variable name:
 * names carry a global layer counter ("conv2d_Conv2D9", "conv2d_Conv2D10"), so sorting them pairs
 * different layers of the two nets once the counter crosses a power of ten mid-suite.
 */
function lossAndGrads(net: Net, x: tf.Tensor4D, y: tf.Tensor2D): { loss: number; grads: Float32Array[] } {
  net.trainSetup(prm);
  const variableNames = (net as unknown as { model: tf.Sequential }).model.trainableWeights.map((w) => w.name);
  const { value, grads } = tf.variableGrads(() => net.criteria(y, net.forward(x, false)));
  const out = { loss: value.dataSync()[0], grads: variableNames.map((name) => grads[name].dataSync() as Float32Array) };
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

describe('reference CNN gradients, tuned wasm vs cpu', function () {
  this.timeout(60000);

  after(async () => {
    await tf.setBackend('cpu');
  });

  it('agree to float32 round-off', async () => {
    tuneBackend('wasm', { threads: 1 });
    await tf.setBackend('cpu');
    const cpuNet = new Net([16, 28, 28, 1], [10], prm, 'cpu');
    const weights = (cpuNet as unknown as { model: tf.Sequential }).model
      .getWeights()
      .map((w) => ({ data: w.dataSync().slice(), shape: w.shape }));
    const xs = tf.randomNormal([16, 28, 28, 1], 0, 1, 'float32', 11).dataSync().slice();
    const ys = tf
      .oneHot(
        tf.tensor1d(
          Array.from({ length: 16 }, (_, i) => (i * 7) % 10),
          'int32',
        ),
        10,
      )
      .toFloat()
      .dataSync()
      .slice();
    const want = lossAndGrads(cpuNet, tf.tensor4d(xs, [16, 28, 28, 1]), tf.tensor2d(ys, [16, 10]));

    await tf.setBackend('wasm');
    const wasmNet = new Net([16, 28, 28, 1], [10], prm, 'wasm');
    (wasmNet as unknown as { model: tf.Sequential }).model.setWeights(weights.map((w) => tf.tensor(w.data, w.shape)));
    const got = lossAndGrads(wasmNet, tf.tensor4d(xs, [16, 28, 28, 1]), tf.tensor2d(ys, [16, 10]));

    assert.ok(Math.abs(got.loss - want.loss) < 1e-4, `loss ${got.loss} vs ${want.loss}`);
    assert.equal(got.grads.length, want.grads.length);
    want.grads.forEach((w, i) => {
      const scale = Math.max(...w.map(Math.abs));
      const worst = Math.max(...w.map((v, k) => Math.abs(v - got.grads[i][k])));
      assert.ok(worst <= 1e-4 * Math.max(1, scale), `gradient ${i}: max difference ${worst} (scale ${scale})`);
    });
  });
});
