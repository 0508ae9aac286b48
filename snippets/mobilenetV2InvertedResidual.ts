/**
 * @snippet
 * family: mobilenet
 * tags: depthwise, inverted-residual, linear-bottleneck, relu6, batch-norm
 * description: MobileNetV2 inverted residual: 1×1 expand with ReLU6, 3×3 depthwise, linear 1×1 projection, residual when stride 1 and channels match.
 */
import * as tf from '@tensorflow/tfjs';

/** MobileNetV2 inverted residual on an NHWC tensor with `outChannels` outputs. */
export function invertedResidual(x: tf.SymbolicTensor, outChannels: number, stride = 1, expansion = 6): tf.SymbolicTensor {
  const inChannels = x.shape[x.shape.length - 1] as number;
  const bn = (t: tf.SymbolicTensor | tf.SymbolicTensor[] | tf.Tensor | tf.Tensor[]): tf.SymbolicTensor =>
    tf.layers.batchNormalization().apply(t) as tf.SymbolicTensor;
  let y = bn(tf.layers.conv2d({ filters: inChannels * expansion, kernelSize: 1, useBias: false }).apply(x));
  y = tf.layers.reLU({ maxValue: 6 }).apply(y) as tf.SymbolicTensor;
  y = bn(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false }).apply(y));
  y = tf.layers.reLU({ maxValue: 6 }).apply(y) as tf.SymbolicTensor;
  // Linear bottleneck: no activation after the projection.
  y = bn(tf.layers.conv2d({ filters: outChannels, kernelSize: 1, useBias: false }).apply(y));
  return stride === 1 && inChannels === outChannels ? (tf.layers.add().apply([x, y]) as tf.SymbolicTensor) : y;
}
