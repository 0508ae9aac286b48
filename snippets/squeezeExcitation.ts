/**
 * @snippet
 * family: senet
 * tags: attention, channel-attention, squeeze-excitation, gating
 * description: Squeeze-and-excitation: global average pool, a two-layer bottleneck MLP and a sigmoid gate that rescales each channel.
 */
import * as tf from '@tensorflow/tfjs';

/** Squeeze-and-excitation on an NHWC tensor; the shape is unchanged. `ratio` sets the bottleneck width. */
export function seBlock(x: tf.SymbolicTensor, ratio = 4): tf.SymbolicTensor {
  const channels = x.shape[x.shape.length - 1] as number;
  const squeezed = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: Math.max(1, Math.floor(channels / ratio)), activation: 'relu' }).apply(squeezed);
  const gate = tf.layers.dense({ units: channels, activation: 'sigmoid' }).apply(hidden) as tf.SymbolicTensor;
  // [batch, c] → [batch, 1, 1, c] so the multiply broadcasts over height and width.
  const gate4d = tf.layers.reshape({ targetShape: [1, 1, channels] }).apply(gate) as tf.SymbolicTensor;
  return tf.layers.multiply().apply([x, gate4d]) as tf.SymbolicTensor;
}
