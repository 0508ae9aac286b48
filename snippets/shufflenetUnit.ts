/**
 * @snippet
 * family: shufflenet
 * tags: channel-shuffle, channel-split, depthwise, concatenate, custom-layer
 * description: ShuffleNetV2 unit: split channels, 1×1 → 3×3 depthwise → 1×1 on one half, concatenate with the other, then shuffle channels (stride 2 uses both halves).
 */
import * as tf from '@tensorflow/tfjs';

/** Keeps channels [start, start + size) of the last axis; tf.layers has no slicing layer. */
class ChannelSlice extends tf.layers.Layer {
  static className = 'ChannelSlice';
  private readonly start: number;
  private readonly size: number;

  constructor(config: { start: number; size: number; name?: string }) {
    super(config);
    this.start = config.start;
    this.size = config.size;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.size];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const begin = x.shape.map((_, i) => (i === x.rank - 1 ? this.start : 0));
    const size = x.shape.map((_, i) => (i === x.rank - 1 ? this.size : -1));
    return tf.slice(x, begin, size);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), start: this.start, size: this.size };
  }
}
tf.serialization.registerClass(ChannelSlice);

/** Interleaves the channels of `groups` groups: reshape to [h, w, g, c/g], swap the last two axes, flatten back. */
export function channelShuffle(x: tf.SymbolicTensor, groups = 2): tf.SymbolicTensor {
  const [, h, w, c] = x.shape as number[];
  const grouped = tf.layers.reshape({ targetShape: [h, w, groups, c / groups] }).apply(x);
  const swapped = tf.layers.permute({ dims: [1, 2, 4, 3] }).apply(grouped);
  return tf.layers.reshape({ targetShape: [h, w, c] }).apply(swapped) as tf.SymbolicTensor;
}

/** ShuffleNetV2 unit; stride 1 keeps the shape (even channel count), stride 2 halves h and w and outputs `outChannels`. */
export function shufflenetUnit(x: tf.SymbolicTensor, outChannels: number, stride = 1): tf.SymbolicTensor {
  const inChannels = x.shape[x.shape.length - 1] as number;
  const half = Math.floor(outChannels / 2);
  const pointwise = (t: tf.SymbolicTensor, relu: boolean): tf.SymbolicTensor => {
    const y = tf.layers.batchNormalization().apply(tf.layers.conv2d({ filters: half, kernelSize: 1, useBias: false }).apply(t)) as tf.SymbolicTensor;
    return relu ? (tf.layers.reLU().apply(y) as tf.SymbolicTensor) : y;
  };
  const depthwise = (t: tf.SymbolicTensor): tf.SymbolicTensor =>
    tf.layers.batchNormalization().apply(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false }).apply(t)) as tf.SymbolicTensor;
  let kept: tf.SymbolicTensor;
  let branchInput: tf.SymbolicTensor;
  if (stride === 1) {
    kept = new ChannelSlice({ start: 0, size: inChannels / 2 }).apply(x) as tf.SymbolicTensor;
    branchInput = new ChannelSlice({ start: inChannels / 2, size: inChannels / 2 }).apply(x) as tf.SymbolicTensor;
  } else {
    kept = pointwise(depthwise(x), true);
    branchInput = x;
  }
  const branch = pointwise(depthwise(pointwise(branchInput, true)), true);
  return channelShuffle(tf.layers.concatenate({ axis: -1 }).apply([kept, branch]) as tf.SymbolicTensor, 2);
}
