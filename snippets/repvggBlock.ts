/**
 * @snippet
 * family: repvgg
 * tags: multi-branch, re-parameterisable, batch-norm, residual
 * description: RepVGG training-time block: 3×3 conv+BN, 1×1 conv+BN and an identity BN branch (when shapes match) summed, then ReLU.
 */
import * as tf from '@tensorflow/tfjs';

/** RepVGG block on an NHWC tensor with `filters` outputs; `stride` 2 halves height and width. */
export function repvggBlock(x: tf.SymbolicTensor, filters: number, stride = 1): tf.SymbolicTensor {
  const inChannels = x.shape[x.shape.length - 1] as number;
  const branch = (kernelSize: number): tf.SymbolicTensor =>
    tf.layers.batchNormalization().apply(
      tf.layers.conv2d({ filters, kernelSize, strides: stride, padding: 'same', useBias: false }).apply(x),
    ) as tf.SymbolicTensor;
  const branches = [branch(3), branch(1)];
  if (stride === 1 && inChannels === filters) {
    // The identity branch is only a batch norm; at inference all three fold into one 3×3 conv.
    branches.push(tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor);
  }
  return tf.layers.reLU().apply(tf.layers.add().apply(branches)) as tf.SymbolicTensor;
}
