/**
 * @snippet
 * family: convnext
 * tags: residual, depthwise, layer-norm, inverted-bottleneck, gelu
 * description: ConvNeXt block: 7×7 depthwise conv, layer norm, a 4× pointwise MLP with GELU, added back to the input.
 */
import * as tf from '@tensorflow/tfjs';

/** ConvNeXt block on an NHWC tensor; the shape is unchanged. */
export function convnextBlock(x: tf.SymbolicTensor, kernelSize = 7, expansion = 4): tf.SymbolicTensor {
  const channels = x.shape[x.shape.length - 1] as number;
  let y = tf.layers.depthwiseConv2d({ kernelSize, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  y = tf.layers.layerNormalization({ axis: -1, epsilon: 1e-6 }).apply(y) as tf.SymbolicTensor;
  // Dense on a 4-D tensor acts on the last axis: a 1×1 convolution.
  y = tf.layers.dense({ units: channels * expansion, activation: 'gelu' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.dense({ units: channels }).apply(y) as tf.SymbolicTensor;
  return tf.layers.add().apply([x, y]) as tf.SymbolicTensor;
}
