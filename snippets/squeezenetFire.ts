/**
 * @snippet
 * family: squeezenet
 * tags: fire-module, bottleneck, multi-branch, concatenate
 * description: SqueezeNet fire module: a 1×1 squeeze layer feeding parallel 1×1 and 3×3 expand layers whose outputs are concatenated.
 */
import * as tf from '@tensorflow/tfjs';

/** Fire module; the output has 2 × expandFilters channels at the same height and width. */
export function fireModule(x: tf.SymbolicTensor, squeezeFilters = 16, expandFilters = 32): tf.SymbolicTensor {
  const squeezed = tf.layers.conv2d({ filters: squeezeFilters, kernelSize: 1, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  const expand1 = tf.layers.conv2d({ filters: expandFilters, kernelSize: 1, activation: 'relu' }).apply(squeezed) as tf.SymbolicTensor;
  const expand3 = tf.layers.conv2d({ filters: expandFilters, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(squeezed) as tf.SymbolicTensor;
  return tf.layers.concatenate({ axis: -1 }).apply([expand1, expand3]) as tf.SymbolicTensor;
}
