// Runs the same computation on the cpu and wasm backends, for the kernel parity tests.
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';

/**
 * Runs `fn` on cpu, then wasm, with the same input values; returns the largest relative
 * difference |wasm − cpu| / (1 + |cpu|) per output. Leaves wasm as the current backend.
 */
export async function compareWithCpu(inputs: tf.Tensor[], fn: (...t: tf.Tensor[]) => tf.Tensor[]): Promise<number[]> {
  const values = inputs.map((t) => ({ data: t.dataSync().slice(), shape: t.shape, dtype: t.dtype }));
  const results: Float32Array[][] = [];
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const outs = tf.tidy(() => fn(...values.map((v) => tf.tensor(v.data, v.shape, v.dtype))));
    results.push(outs.map((o) => Float32Array.from(o.dataSync() as Float32Array)));
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

/** A convolution case: input and filter shapes, stride, padding. */
export interface ConvCase {
  x: number[];
  f: number[];
  stride: number;
  pad: 'same' | 'valid';
}

/** Input and filter gradients of `conv` (conv2d or depthwiseConv2d) on random data, wasm vs cpu. */
export async function convGradientErrors(
  conv: typeof tf.conv2d | typeof tf.depthwiseConv2d,
  c: ConvCase,
): Promise<number[]> {
  const x = tf.randomNormal(c.x, 0, 1, 'float32', 1);
  const f = tf.randomNormal(c.f, 0, 1, 'float32', 2);
  const probe = conv(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad);
  const dy = tf.randomNormal(probe.shape, 0, 1, 'float32', 3);
  return compareWithCpu([x, f, dy], (xx, ff, g) =>
    tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      conv(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad)
        .mul(g)
        .sum(),
    )([xx, ff]),
  );
}

/** Mocha hooks: the training kernels registered and wasm current for the suite, cpu after. */
export function useTunedWasm(register: () => unknown): void {
  before(async () => {
    register();
    await tf.setBackend('wasm');
  });
  after(async () => {
    await tf.setBackend('cpu');
  });
}
