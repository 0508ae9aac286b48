/**
 * @snippet
 * family: efficientnet
 * tags: depthwise, inverted-residual, squeeze-excitation, swish, batch-norm
 * description: EfficientNet MBConv: 1×1 expansion, k×k depthwise conv, squeeze-and-excitation, linear projection, swish activations, residual when shapes match.
 */
import * as tf from '@tensorflow/tfjs';

/** EfficientNet MBConv on an NHWC tensor with `outChannels` outputs. */
export function mbconvBlock(x: tf.SymbolicTensor, outChannels: number, stride = 1, expansion = 4, kernelSize = 3, seRatio = 0.25): tf.SymbolicTensor {
  const inChannels = x.shape[x.shape.length - 1] as number;
  const expanded = inChannels * expansion;
  const normSwish = (t: tf.SymbolicTensor): tf.SymbolicTensor =>
    tf.layers.activation({ activation: 'swish' }).apply(tf.layers.batchNormalization().apply(t)) as tf.SymbolicTensor;
  let y = normSwish(tf.layers.conv2d({ filters: expanded, kernelSize: 1, useBias: false }).apply(x) as tf.SymbolicTensor);
  y = normSwish(tf.layers.depthwiseConv2d({ kernelSize, strides: stride, padding: 'same', useBias: false }).apply(y) as tf.SymbolicTensor);
  // Squeeze-and-excitation sized from the block's input channels, as EfficientNet does.
  const pooled = tf.layers.globalAveragePooling2d({}).apply(y);
  const squeeze = tf.layers.dense({ units: Math.max(1, Math.floor(inChannels * seRatio)), activation: 'swish' }).apply(pooled);
  const excite = tf.layers.dense({ units: expanded, activation: 'sigmoid' }).apply(squeeze);
  const gate = tf.layers.reshape({ targetShape: [1, 1, expanded] }).apply(excite) as tf.SymbolicTensor;
  y = tf.layers.multiply().apply([y, gate]) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization().apply(tf.layers.conv2d({ filters: outChannels, kernelSize: 1, useBias: false }).apply(y)) as tf.SymbolicTensor;
  return stride === 1 && inChannels === outChannels ? (tf.layers.add().apply([x, y]) as tf.SymbolicTensor) : y;
}
