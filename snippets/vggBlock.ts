/**
 * @snippet
 * family: vgg
 * tags: plain, conv-stack, max-pooling, batch-norm
 * description: VGG block: a stack of 3×3 same-padded conv + batch-norm + ReLU layers followed by 2×2 max pooling.
 */
import * as tf from '@tensorflow/tfjs';

/** VGG block on an NHWC tensor: `convs` 3×3 convolutions, then height and width halved. */
export function vggBlock(x: tf.SymbolicTensor, filters: number, convs = 2): tf.SymbolicTensor {
  let y = x;
  for (let i = 0; i < convs; i++) {
    y = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
    y = tf.layers.reLU().apply(y) as tf.SymbolicTensor;
  }
  return tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }).apply(y) as tf.SymbolicTensor;
}
