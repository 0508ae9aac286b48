// Architecture zoo: a small Vision Transformer (4×4 patch embedding with learned positions, pre-norm
// encoder blocks of multi-head self-attention written with tf.matMul and softmax in a custom layer,
// GELU MLPs, layer norm). `npm run bench:zoo` trains it against a PyTorch twin (bench/zooTorch.py);
// keep the two in step.
import * as tf from '@tensorflow/tfjs';

/** The hyperparameters this Net reads from prm. */
export function supportedHyperparameters(): string[] {
  return ['lr', 'momentum', 'dropout'];
}

/** Adds a learned [tokens, dim] position embedding; tf.layers has none. */
class PositionEmbedding extends tf.layers.Layer {
  static className = 'ZooPositionEmbedding';
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

/** Multi-head self-attention on [batch, tokens, dim]: one fused q/k/v projection, batched matMuls per head. */
class MultiHeadSelfAttention extends tf.layers.Layer {
  static className = 'ZooMultiHeadSelfAttention';
  private readonly heads: number;
  private qkvKernel?: tf.LayerVariable;
  private qkvBias?: tf.LayerVariable;
  private outKernel?: tf.LayerVariable;
  private outBias?: tf.LayerVariable;

  constructor(config: { heads: number; name?: string }) {
    super({ name: config.name });
    this.heads = config.heads;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const dim = shape[2] as number;
    const glorot = tf.initializers.glorotUniform({});
    this.qkvKernel = this.addWeight('qkv_kernel', [dim, 3 * dim], 'float32', glorot);
    this.qkvBias = this.addWeight('qkv_bias', [3 * dim], 'float32', tf.initializers.zeros());
    this.outKernel = this.addWeight('out_kernel', [dim, dim], 'float32', glorot);
    this.outBias = this.addWeight('out_bias', [dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [batch, tokens, dim] = x.shape;
      const headDim = dim / this.heads;
      const flat = tf.reshape(x, [batch * tokens, dim]);
      const qkv = tf.add(tf.matMul(flat, (this.qkvKernel as tf.LayerVariable).read()), (this.qkvBias as tf.LayerVariable).read());
      // [batch·tokens, 3·dim] → three [batch, heads, tokens, headDim] tensors.
      const split = tf.transpose(tf.reshape(qkv, [batch, tokens, 3, this.heads, headDim]), [2, 0, 3, 1, 4]);
      const [q, k, v] = tf.unstack(split, 0) as tf.Tensor4D[];
      const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(headDim));
      const attended = tf.matMul(tf.softmax(scores, -1), v); // [batch, heads, tokens, headDim]
      const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [batch * tokens, dim]);
      const out = tf.add(tf.matMul(merged, (this.outKernel as tf.LayerVariable).read()), (this.outBias as tf.LayerVariable).read());
      return tf.reshape(out, [batch, tokens, dim]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads };
  }
}
tf.serialization.registerClass(MultiHeadSelfAttention);

/** Pre-norm transformer encoder block on [tokens, dim]; the shape is unchanged. */
function encoderBlock(tokens: tf.SymbolicTensor, heads: number, mlpRatio: number): tf.SymbolicTensor {
  const dim = tokens.shape[2] as number;
  const attended = new MultiHeadSelfAttention({ heads }).apply(tf.layers.layerNormalization().apply(tokens)) as tf.SymbolicTensor;
  const x = tf.layers.add().apply([tokens, attended]) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: dim * mlpRatio, activation: 'gelu' }).apply(tf.layers.layerNormalization().apply(x));
  const mlp = tf.layers.dense({ units: dim }).apply(hidden) as tf.SymbolicTensor;
  return tf.layers.add().apply([x, mlp]) as tf.SymbolicTensor;
}

export class Net {
  optimizer!: tf.Optimizer;
  criteria!: (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  private readonly model: tf.LayersModel;

  constructor(inShape: number[], outShape: number[], prm: Record<string, number>, device: string) {
    const [, height, width, channels] = inShape;
    void device; // layers place themselves on the active TF.js backend
    const dim = 64;
    const input = tf.input({ shape: [height, width, channels] });
    const patches = tf.layers.conv2d({ filters: dim, kernelSize: 4, strides: 4 }).apply(input) as tf.SymbolicTensor;
    const [, rows, cols] = patches.shape as number[];
    let tokens = tf.layers.reshape({ targetShape: [rows * cols, dim] }).apply(patches) as tf.SymbolicTensor;
    tokens = new PositionEmbedding({}).apply(tokens) as tf.SymbolicTensor;
    for (let i = 0; i < 4; i++) tokens = encoderBlock(tokens, 4, 2);
    tokens = tf.layers.layerNormalization().apply(tokens) as tf.SymbolicTensor;
    let pooled = tf.layers.globalAveragePooling1d({}).apply(tokens) as tf.SymbolicTensor;
    pooled = tf.layers.dropout({ rate: prm.dropout }).apply(pooled) as tf.SymbolicTensor;
    const logits = tf.layers.dense({ units: outShape[0] }).apply(pooled) as tf.SymbolicTensor;
    this.model = tf.model({ inputs: input, outputs: logits });
  }

  /** Logits for a batch of NHWC images. */
  forward(x: tf.Tensor4D, training = false): tf.Tensor2D {
    return this.model.apply(x, { training }) as tf.Tensor2D;
  }

  /** SGD with momentum and softmax cross-entropy. */
  trainSetup(prm: Record<string, number>): void {
    this.optimizer = tf.train.momentum(prm.lr, prm.momentum);
    this.criteria = (labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  }

  /** One epoch over the batches the trainer hands in. */
  async learn(trainData: AsyncIterable<{ x: tf.Tensor4D; y: tf.Tensor2D }>): Promise<void> {
    for await (const { x, y } of trainData) {
      this.optimizer.minimize(() => this.criteria(y, this.forward(x, true)));
    }
  }
}
