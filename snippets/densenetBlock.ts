/**
 * @snippet
 * family: densenet
 * tags: dense-connection, concatenate, bottleneck, batch-norm
 * description: DenseNet dense block: each layer (BN-ReLU-1×1-BN-ReLU-3×3) adds `growthRate` channels concatenated to all earlier features.
 */
import * as tf from '@tensorflow/tfjs';

/** DenseNet dense block; the output has inChannels + layers × growthRate channels. */
export function denseBlock(x: tf.SymbolicTensor, layers = 3, growthRate = 12): tf.SymbolicTensor {
  let features = x;
  for (let i = 0; i < layers; i++) {
    let y = tf.layers.batchNormalization().apply(features) as tf.SymbolicTensor;
    y = tf.layers.reLU().apply(y) as tf.SymbolicTensor;
    y = tf.layers.conv2d({ filters: 4 * growthRate, kernelSize: 1, useBias: false }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
    y = tf.layers.reLU().apply(y) as tf.SymbolicTensor;
    y = tf.layers.conv2d({ filters: growthRate, kernelSize: 3, padding: 'same', useBias: false }).apply(y) as tf.SymbolicTensor;
    features = tf.layers.concatenate({ axis: -1 }).apply([features, y]) as tf.SymbolicTensor;
  }
  return features;
}

/** DenseNet transition between blocks: 1×1 conv to compress channels, then 2×2 average pooling. */
export function transitionLayer(x: tf.SymbolicTensor, compression = 0.5): tf.SymbolicTensor {
  const channels = Math.max(1, Math.floor((x.shape[x.shape.length - 1] as number) * compression));
  const y = tf.layers.conv2d({ filters: channels, kernelSize: 1, useBias: false }).apply(tf.layers.batchNormalization().apply(x));
  return tf.layers.averagePooling2d({ poolSize: 2 }).apply(y) as tf.SymbolicTensor;
}
