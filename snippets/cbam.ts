/**
 * @snippet
 * family: cbam
 * tags: attention, channel-attention, spatial-attention, gating, custom-layer
 * description: CBAM: channel attention from a shared MLP over average- and max-pooled features, then spatial attention from a 7×7 conv over channel mean and max.
 */
import * as tf from '@tensorflow/tfjs';

/** Per-pixel mean and max over the channels: [b, h, w, c] → [b, h, w, 2]. */
class ChannelMeanMax extends tf.layers.Layer {
  static className = 'ChannelMeanMax';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), 2];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => tf.concat([tf.mean(x, -1, true), tf.max(x, -1, true)], -1));
  }
}
tf.serialization.registerClass(ChannelMeanMax);

/** CBAM on an NHWC tensor; the shape is unchanged. */
export function cbamBlock(x: tf.SymbolicTensor, ratio = 8, spatialKernel = 7): tf.SymbolicTensor {
  const channels = x.shape[x.shape.length - 1] as number;
  // One MLP shared by both pooled descriptors, as in the paper.
  const reduce = tf.layers.dense({ units: Math.max(1, Math.floor(channels / ratio)), activation: 'relu' });
  const expand = tf.layers.dense({ units: channels });
  const describe = (pooled: tf.SymbolicTensor): tf.SymbolicTensor => expand.apply(reduce.apply(pooled)) as tf.SymbolicTensor;
  const avg = describe(tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor);
  const max = describe(tf.layers.globalMaxPooling2d({}).apply(x) as tf.SymbolicTensor);
  const channelGate = tf.layers.activation({ activation: 'sigmoid' }).apply(tf.layers.add().apply([avg, max]));
  const channelGate4d = tf.layers.reshape({ targetShape: [1, 1, channels] }).apply(channelGate) as tf.SymbolicTensor;
  const refined = tf.layers.multiply().apply([x, channelGate4d]) as tf.SymbolicTensor;

  const meanMax = new ChannelMeanMax({}).apply(refined) as tf.SymbolicTensor;
  const spatialGate = tf.layers
    .conv2d({ filters: 1, kernelSize: spatialKernel, padding: 'same', activation: 'sigmoid' })
    .apply(meanMax) as tf.SymbolicTensor;
  return tf.layers.multiply().apply([refined, spatialGate]) as tf.SymbolicTensor;
}
