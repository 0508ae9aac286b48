/**
 * @snippet
 * family: inception
 * tags: multi-branch, concatenate, bottleneck, pooling-branch
 * description: Inception module: parallel 1×1, 1×1→3×3, 1×1→3×3→3×3 (a factored 5×5) and 3×3-pool→1×1 branches concatenated along channels.
 */
import * as tf from '@tensorflow/tfjs';

/** Channel counts of the four branches. */
export interface InceptionWidths {
  readonly b1: number;
  readonly b3Reduce: number;
  readonly b3: number;
  readonly b5Reduce: number;
  readonly b5: number;
  readonly pool: number;
}

/** Inception module; the output has b1 + b3 + b5 + pool channels at the same height and width. */
export function inceptionModule(x: tf.SymbolicTensor, w: InceptionWidths = { b1: 16, b3Reduce: 16, b3: 24, b5Reduce: 8, b5: 8, pool: 8 }): tf.SymbolicTensor {
  const conv = (input: tf.SymbolicTensor, filters: number, kernelSize: number): tf.SymbolicTensor =>
    tf.layers.conv2d({ filters, kernelSize, padding: 'same', activation: 'relu' }).apply(input) as tf.SymbolicTensor;
  const branch1 = conv(x, w.b1, 1);
  const branch3 = conv(conv(x, w.b3Reduce, 1), w.b3, 3);
  const branch5 = conv(conv(conv(x, w.b5Reduce, 1), w.b5, 3), w.b5, 3);
  const pooled = tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  const branchPool = conv(pooled, w.pool, 1);
  return tf.layers.concatenate({ axis: -1 }).apply([branch1, branch3, branch5, branchPool]) as tf.SymbolicTensor;
}
