// Architecture zoo: DenseNet-BC (bottleneck dense layers BN-ReLU-1×1-BN-ReLU-3×3 whose outputs are
// concatenated, compressing transitions with average pooling). `npm run bench:zoo` trains it
// against a PyTorch twin (bench/zooTorch.py); keep the two in step.
import * as tf from '@tensorflow/tfjs';

/** The hyperparameters this Net reads from prm. */
export function supportedHyperparameters(): string[] {
  return ['lr', 'momentum'];
}

const bnRelu = (t: tf.SymbolicTensor): tf.SymbolicTensor =>
  tf.layers.reLU().apply(tf.layers.batchNormalization().apply(t)) as tf.SymbolicTensor;

/** Dense block; the output has inChannels + layers × growthRate channels. */
function denseBlock(x: tf.SymbolicTensor, layers: number, growthRate: number): tf.SymbolicTensor {
  let features = x;
  for (let i = 0; i < layers; i++) {
    let y = tf.layers.conv2d({ filters: 4 * growthRate, kernelSize: 1, useBias: false }).apply(bnRelu(features)) as tf.SymbolicTensor;
    y = tf.layers.conv2d({ filters: growthRate, kernelSize: 3, padding: 'same', useBias: false }).apply(bnRelu(y)) as tf.SymbolicTensor;
    features = tf.layers.concatenate({ axis: -1 }).apply([features, y]) as tf.SymbolicTensor;
  }
  return features;
}

/** Transition: BN-ReLU, a 1×1 conv halving the channels, 2×2 average pooling. */
function transition(x: tf.SymbolicTensor): tf.SymbolicTensor {
  const channels = Math.floor((x.shape[x.shape.length - 1] as number) / 2);
  const y = tf.layers.conv2d({ filters: channels, kernelSize: 1, useBias: false }).apply(bnRelu(x)) as tf.SymbolicTensor;
  return tf.layers.averagePooling2d({ poolSize: 2 }).apply(y) as tf.SymbolicTensor;
}

export class Net {
  optimizer!: tf.Optimizer;
  criteria!: (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  private readonly model: tf.LayersModel;

  constructor(inShape: number[], outShape: number[], prm: Record<string, number>, device: string) {
    const [, height, width, channels] = inShape;
    void device; // layers place themselves on the active TF.js backend
    const input = tf.input({ shape: [height, width, channels] });
    let x = tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', useBias: false }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(bnRelu(x)) as tf.SymbolicTensor;
    x = transition(denseBlock(x, 4, 16));
    x = transition(denseBlock(x, 4, 16));
    x = bnRelu(denseBlock(x, 4, 16));
    const pooled = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
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
