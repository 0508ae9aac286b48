// Architecture zoo: Inception modules (parallel 1×1, 1×1→3×3, 1×1→3×3→3×3 and pool→1×1 branches
// concatenated along channels) after a batch-normed stem. `npm run bench:zoo` trains it against a
// PyTorch twin (bench/zooTorch.py); keep the two in step.
import * as tf from '@tensorflow/tfjs';

/** The hyperparameters this Net reads from prm. */
export function supportedHyperparameters(): string[] {
  return ['lr', 'momentum'];
}

/** Channel counts of the four branches. */
interface Widths {
  b1: number;
  b3Reduce: number;
  b3: number;
  b5Reduce: number;
  b5: number;
  pool: number;
}

function conv(x: tf.SymbolicTensor, filters: number, kernelSize: number): tf.SymbolicTensor {
  return tf.layers.conv2d({ filters, kernelSize, padding: 'same', activation: 'relu' }).apply(x) as tf.SymbolicTensor;
}

/** Inception module; the output has b1 + b3 + b5 + pool channels. */
function inceptionModule(x: tf.SymbolicTensor, w: Widths): tf.SymbolicTensor {
  const branch1 = conv(x, w.b1, 1);
  const branch3 = conv(conv(x, w.b3Reduce, 1), w.b3, 3);
  const branch5 = conv(conv(conv(x, w.b5Reduce, 1), w.b5, 3), w.b5, 3);
  const pooled = tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  const branchPool = conv(pooled, w.pool, 1);
  return tf.layers.concatenate({ axis: -1 }).apply([branch1, branch3, branch5, branchPool]) as tf.SymbolicTensor;
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
    x = tf.layers.reLU().apply(tf.layers.batchNormalization().apply(x)) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
    x = inceptionModule(x, { b1: 16, b3Reduce: 16, b3: 24, b5Reduce: 8, b5: 8, pool: 8 });
    x = inceptionModule(x, { b1: 32, b3Reduce: 24, b3: 48, b5Reduce: 8, b5: 16, pool: 16 });
    x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
    x = inceptionModule(x, { b1: 48, b3Reduce: 32, b3: 64, b5Reduce: 12, b5: 24, pool: 24 });
    x = inceptionModule(x, { b1: 64, b3Reduce: 48, b3: 96, b5Reduce: 16, b5: 32, pool: 32 });
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
