/**
 * @snippet
 * family: mlp-mixer
 * tags: token-mixing, channel-mixing, mlp, layer-norm, residual, patch-embedding
 * description: MLP-Mixer block on patch tokens: a token-mixing MLP across patches (via transpose) and a channel-mixing MLP, each pre-norm and residual.
 */
import * as tf from '@tensorflow/tfjs';

/** NHWC image → [tokens, channels] patch tokens from a patchSize-strided conv. */
export function imageToTokens(x: tf.SymbolicTensor, patchSize = 4, channels = 32): tf.SymbolicTensor {
  const patches = tf.layers.conv2d({ filters: channels, kernelSize: patchSize, strides: patchSize }).apply(x) as tf.SymbolicTensor;
  const [, rows, cols] = patches.shape as number[];
  return tf.layers.reshape({ targetShape: [rows * cols, channels] }).apply(patches) as tf.SymbolicTensor;
}

/** Mixer block on [tokens, channels]; the shape is unchanged. */
export function mixerBlock(tokens: tf.SymbolicTensor, tokenHidden = 32, channelHidden = 64): tf.SymbolicTensor {
  const [, count, channels] = tokens.shape as number[];
  // Token mixing: transpose to [channels, tokens] so a dense layer mixes across patches.
  let y = tf.layers.layerNormalization().apply(tokens) as tf.SymbolicTensor;
  y = tf.layers.permute({ dims: [2, 1] }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.dense({ units: tokenHidden, activation: 'gelu' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.dense({ units: count }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.permute({ dims: [2, 1] }).apply(y) as tf.SymbolicTensor;
  const mixed = tf.layers.add().apply([tokens, y]) as tf.SymbolicTensor;
  // Channel mixing: a per-token MLP.
  let z = tf.layers.layerNormalization().apply(mixed) as tf.SymbolicTensor;
  z = tf.layers.dense({ units: channelHidden, activation: 'gelu' }).apply(z) as tf.SymbolicTensor;
  z = tf.layers.dense({ units: channels }).apply(z) as tf.SymbolicTensor;
  return tf.layers.add().apply([mixed, z]) as tf.SymbolicTensor;
}
