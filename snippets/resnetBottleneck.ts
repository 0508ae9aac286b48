/**
 * @snippet
 * family: resnet
 * tags: residual, skip-connection, bottleneck, batch-norm, conv
 * description: ResNet bottleneck block: 1×1 reduce, 3×3, 1×1 expand (×4) with batch norm, added to an identity or projected shortcut.
 */
import * as tf from '@tensorflow/tfjs';

/** ResNet bottleneck; the output has `filters * 4` channels; `stride` 2 halves height and width. */
export function resnetBottleneckBlock(x: tf.SymbolicTensor, filters: number, stride = 1): tf.SymbolicTensor {
  const outChannels = filters * 4;
  const convBn = (input: tf.SymbolicTensor, channels: number, kernelSize: number, strides = 1): tf.SymbolicTensor =>
    tf.layers.batchNormalization().apply(
      tf.layers.conv2d({ filters: channels, kernelSize, strides, padding: 'same', useBias: false }).apply(input),
    ) as tf.SymbolicTensor;
  let y = tf.layers.reLU().apply(convBn(x, filters, 1)) as tf.SymbolicTensor;
  y = tf.layers.reLU().apply(convBn(y, filters, 3, stride)) as tf.SymbolicTensor;
  y = convBn(y, outChannels, 1);
  const needsProjection = stride !== 1 || x.shape[x.shape.length - 1] !== outChannels;
  const shortcut = needsProjection ? convBn(x, outChannels, 1, stride) : x;
  return tf.layers.reLU().apply(tf.layers.add().apply([y, shortcut])) as tf.SymbolicTensor;
}
