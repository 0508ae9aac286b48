/**
 * @snippet
 * family: vit
 * tags: attention, self-attention, transformer, patch-embedding, layer-norm, custom-layer
 * description: ViT: non-overlapping patch embedding with learned positions, then a pre-norm transformer encoder block (multi-head self-attention and a GELU MLP, each residual).
 */
import * as tf from '@tensorflow/tfjs';

/** Adds a learned [tokens, dim] position embedding; tf.layers has none. */
class PositionEmbedding extends tf.layers.Layer {
  static className = 'PositionEmbedding';
  private embedding?: tf.LayerVariable;

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    this.embedding = this.addWeight('embedding', [shape[1] as number, shape[2] as number], 'float32', tf.initializers.randomNormal({ stddev: 0.02 }));
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.add(x, (this.embedding as tf.LayerVariable).read());
  }
}
tf.serialization.registerClass(PositionEmbedding);

/** NHWC image → [tokens, dim]: a patchSize-strided conv, flattened, plus learned positions. */
export function patchEmbedding(x: tf.SymbolicTensor, patchSize = 4, dim = 32): tf.SymbolicTensor {
  const patches = tf.layers.conv2d({ filters: dim, kernelSize: patchSize, strides: patchSize }).apply(x) as tf.SymbolicTensor;
  const [, rows, cols] = patches.shape as number[];
  const tokens = tf.layers.reshape({ targetShape: [rows * cols, dim] }).apply(patches) as tf.SymbolicTensor;
  return new PositionEmbedding({}).apply(tokens) as tf.SymbolicTensor;
}

/** Multi-head self-attention on [tokens, dim], built from dense/dot/softmax layers one head at a time. */
export function multiHeadSelfAttention(tokens: tf.SymbolicTensor, heads = 2): tf.SymbolicTensor {
  const dim = tokens.shape[2] as number;
  const headDim = Math.floor(dim / heads);
  const outputs: tf.SymbolicTensor[] = [];
  for (let h = 0; h < heads; h++) {
    const project = (): tf.SymbolicTensor => tf.layers.dense({ units: headDim, useBias: false }).apply(tokens) as tf.SymbolicTensor;
    const [q, k, v] = [project(), project(), project()];
    const scores = tf.layers.dot({ axes: [2, 2] }).apply([q, k]) as tf.SymbolicTensor; // [tokens, tokens]
    const scaled = tf.layers.rescaling({ scale: 1 / Math.sqrt(headDim) }).apply(scores) as tf.SymbolicTensor;
    const weights = tf.layers.softmax({ axis: -1 }).apply(scaled) as tf.SymbolicTensor;
    outputs.push(tf.layers.dot({ axes: [2, 1] }).apply([weights, v]) as tf.SymbolicTensor); // [tokens, headDim]
  }
  const merged = heads > 1 ? (tf.layers.concatenate({ axis: -1 }).apply(outputs) as tf.SymbolicTensor) : outputs[0];
  return tf.layers.dense({ units: dim }).apply(merged) as tf.SymbolicTensor;
}

/** Pre-norm transformer encoder block on [tokens, dim]; the shape is unchanged. */
export function transformerEncoderBlock(tokens: tf.SymbolicTensor, heads = 2, mlpRatio = 2): tf.SymbolicTensor {
  const dim = tokens.shape[2] as number;
  const attended = multiHeadSelfAttention(tf.layers.layerNormalization().apply(tokens) as tf.SymbolicTensor, heads);
  const x = tf.layers.add().apply([tokens, attended]) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: dim * mlpRatio, activation: 'gelu' }).apply(tf.layers.layerNormalization().apply(x));
  const mlp = tf.layers.dense({ units: dim }).apply(hidden) as tf.SymbolicTensor;
  return tf.layers.add().apply([x, mlp]) as tf.SymbolicTensor;
}

/** NHWC image → [tokens, dim] after patch embedding and one encoder block; pool with globalAveragePooling1d. */
export function vitPatchAttention(x: tf.SymbolicTensor, patchSize = 4, dim = 32, heads = 2): tf.SymbolicTensor {
  return transformerEncoderBlock(patchEmbedding(x, patchSize, dim), heads);
}
