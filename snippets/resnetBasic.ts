/**
 * @snippet
 * family: resnet
 * tags: residual, skip-connection, batch-norm, conv
 * description: ResNet basic block: two 3×3 conv + batch-norm layers added to an identity shortcut (a 1×1 projection when the shape changes).
 */
import * as tf from '@tensorflow/tfjs';

/** ResNet basic block on an NHWC tensor; `stride` 2 halves height and width. */
export function resnetBasicBlock(x: tf.SymbolicTensor, filters: number, stride = 1): tf.SymbolicTensor {
  const inChannels = x.shape[x.shape.length - 1];
  const conv = (input: tf.SymbolicTensor, kernelSize: number, strides: number): tf.SymbolicTensor => {
    const y = tf.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false }).apply(input) as tf.SymbolicTensor;
    return tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
  };
  let y = tf.layers.reLU().apply(conv(x, 3, stride)) as tf.SymbolicTensor;
  y = conv(y, 3, 1);
  const shortcut = stride !== 1 || inChannels !== filters ? conv(x, 1, stride) : x;
  const sum = tf.layers.add().apply([y, shortcut]) as tf.SymbolicTensor;
  return tf.layers.reLU().apply(sum) as tf.SymbolicTensor;
}
