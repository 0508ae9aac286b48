/**
 * @snippet
 * family: ghostnet
 * tags: ghost-features, depthwise, cheap-operation, concatenate, batch-norm
 * description: GhostNet module: a 1×1 conv makes half the channels, a cheap 3×3 depthwise conv makes "ghost" channels from them, both concatenated.
 */
import * as tf from '@tensorflow/tfjs';

/** Ghost module on an NHWC tensor; the output has 2 × ⌈outChannels / 2⌉ channels. */
export function ghostModule(x: tf.SymbolicTensor, outChannels: number, relu = true): tf.SymbolicTensor {
  const intrinsic = Math.ceil(outChannels / 2);
  const activate = (t: tf.SymbolicTensor): tf.SymbolicTensor => (relu ? (tf.layers.reLU().apply(t) as tf.SymbolicTensor) : t);
  const primaryConv = tf.layers.conv2d({ filters: intrinsic, kernelSize: 1, useBias: false }).apply(x);
  const primary = activate(tf.layers.batchNormalization().apply(primaryConv) as tf.SymbolicTensor);
  // The cheap operation: one depthwise filter per intrinsic channel.
  const cheapConv = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false }).apply(primary);
  const ghosts = activate(tf.layers.batchNormalization().apply(cheapConv) as tf.SymbolicTensor);
  return tf.layers.concatenate({ axis: -1 }).apply([primary, ghosts]) as tf.SymbolicTensor;
}

/** Ghost bottleneck (stride 1): two ghost modules with a residual connection. */
export function ghostBottleneck(x: tf.SymbolicTensor, hiddenChannels: number): tf.SymbolicTensor {
  const channels = x.shape[x.shape.length - 1] as number;
  const y = ghostModule(ghostModule(x, hiddenChannels, true), channels, false);
  const shortcut = channels % 2 === 0 ? x : (tf.layers.conv2d({ filters: 2 * Math.ceil(channels / 2), kernelSize: 1 }).apply(x) as tf.SymbolicTensor);
  return tf.layers.add().apply([shortcut, y]) as tf.SymbolicTensor;
}
