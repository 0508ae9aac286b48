import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as path from 'node:path';
import { bridgeMissingKernels } from '../../../src/trainer/backends/kernelBridge';

/** One SGD step's gradients of a depthwise-separable block, on the current backend. */
function depthwiseGradients(): number[][] {
  return tf.tidy(() => {
    const x = tf.tensor4d(
      Array.from({ length: 2 * 6 * 6 * 3 }, (_, i) => Math.sin(i)),
      [2, 6, 6, 3],
    );
    const filter = tf.variable(
      tf.tensor4d(
        Array.from({ length: 3 * 3 * 3 * 2 }, (_, i) => Math.cos(i) / 4),
        [3, 3, 3, 2],
      ),
    );
    const { grads } = tf.variableGrads(
      () =>
        tf
          .depthwiseConv2d(x, filter as tf.Tensor4D, 1, 'same')
          .avgPool(2, 2, 'valid')
          .square()
          .mean() as tf.Scalar,
      [filter],
    );
    const out = Object.values(grads).map((g) => Array.from(g.dataSync()));
    filter.dispose();
    return out;
  });
}

describe('kernel bridge (wasm runs the cpu kernels it lacks)', () => {
  before(async () => {
    setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    await tf.setBackend('wasm');
    await tf.ready();
  });
  after(async () => {
    await tf.setBackend('cpu');
  });

  it('trains a depthwise convolution on wasm with the same gradients as cpu', async () => {
    // Stock wasm lacks this gradient; an earlier test in the same process may have bridged it already.
    const alreadyThere = tf.getKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm') !== undefined;
    const bridged = bridgeMissingKernels('wasm');
    assert.ok(alreadyThere || bridged.includes('DepthwiseConv2dNativeBackpropFilter'));
    assert.ok(tf.getKernel('DepthwiseConv2dNativeBackpropFilter', 'wasm'));
    assert.ok(!bridged.includes('Conv2D'), 'kernels wasm has are left alone');
    assert.deepEqual(bridgeMissingKernels('wasm'), [], 'bridging twice registers nothing twice');
    const before = tf.memory().numTensors;
    const onWasm = depthwiseGradients();
    assert.equal(tf.memory().numTensors, before, 'no tensor leaks through the bridge');
    await tf.setBackend('cpu');
    const onCpu = depthwiseGradients();
    await tf.setBackend('wasm');
    onWasm.forEach((g, i) =>
      g.forEach((v, j) => assert.ok(Math.abs(v - onCpu[i][j]) < 1e-4, `gradient ${j}: ${v} vs ${onCpu[i][j]}`)),
    );
  });
});
