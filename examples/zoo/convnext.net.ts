// Architecture zoo: a two-stage ConvNeXt (patchify stem, 7×7 depthwise conv, layer norm, a 4×
// pointwise MLP with GELU written as dense layers on 4-D tensors, residual). `npm run bench:zoo`
// trains it against a PyTorch twin (bench/zooTorch.py); keep the two in step.
import * as tf from '@tensorflow/tfjs';

/** The hyperparameters this Net reads from prm. */
export function supportedHyperparameters(): string[] {
  return ['lr', 'momentum'];
}

const layerNorm = (t: tf.SymbolicTensor): tf.SymbolicTensor =>
  tf.layers.layerNormalization({ axis: -1, epsilon: 1e-6 }).apply(t) as tf.SymbolicTensor;

/** ConvNeXt block on an NHWC tensor; the shape is unchanged. */
function convnextBlock(x: tf.SymbolicTensor): tf.SymbolicTensor {
  const channels = x.shape[x.shape.length - 1] as number;
  let y = tf.layers.depthwiseConv2d({ kernelSize: 7, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  y = layerNorm(y);
  // Dense on a 4-D tensor acts on the last axis: a 1×1 convolution.
  y = tf.layers.dense({ units: channels * 4, activation: 'gelu' }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.dense({ units: channels }).apply(y) as tf.SymbolicTensor;
  return tf.layers.add().apply([x, y]) as tf.SymbolicTensor;
}

export class Net {
  optimizer!: tf.Optimizer;
  criteria!: (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  private readonly model: tf.LayersModel;

  constructor(inShape: number[], outShape: number[], prm: Record<string, number>, device: string) {
    const [, height, width, channels] = inShape;
    void device; // layers place themselves on the active TF.js backend
    const input = tf.input({ shape: [height, width, channels] });
    // Patchify stem: 2×2 patches, then layer norm.
    let x = layerNorm(tf.layers.conv2d({ filters: 48, kernelSize: 2, strides: 2 }).apply(input) as tf.SymbolicTensor);
    x = convnextBlock(x);
    x = convnextBlock(x);
    // Downsampling between stages: layer norm, then a 2×2 stride-2 conv.
    x = tf.layers.conv2d({ filters: 96, kernelSize: 2, strides: 2 }).apply(layerNorm(x)) as tf.SymbolicTensor;
    x = convnextBlock(x);
    x = convnextBlock(x);
    const pooled = layerNorm(tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor);
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
