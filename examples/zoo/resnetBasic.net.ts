// Architecture zoo: a small ResNet of basic blocks (two 3×3 conv + batch norm, identity or 1×1
// projection shortcut), as an LLM writes one from the resnet snippet. `npm run bench:zoo` trains it
// against a PyTorch twin (bench/zooTorch.py); keep the two in step.
import * as tf from '@tensorflow/tfjs';

/** The hyperparameters this Net reads from prm. */
export function supportedHyperparameters(): string[] {
  return ['lr', 'momentum'];
}

/** 3×3 (or 1×1) convolution without bias, then batch norm. */
function convBn(x: tf.SymbolicTensor, filters: number, kernelSize: number, strides: number): tf.SymbolicTensor {
  const y = tf.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false }).apply(x) as tf.SymbolicTensor;
  return tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
}

/** ResNet basic block; `stride` 2 halves height and width. */
function basicBlock(x: tf.SymbolicTensor, filters: number, stride: number): tf.SymbolicTensor {
  const inChannels = x.shape[x.shape.length - 1];
  let y = tf.layers.reLU().apply(convBn(x, filters, 3, stride)) as tf.SymbolicTensor;
  y = convBn(y, filters, 3, 1);
  const shortcut = stride !== 1 || inChannels !== filters ? convBn(x, filters, 1, stride) : x;
  return tf.layers.reLU().apply(tf.layers.add().apply([y, shortcut])) as tf.SymbolicTensor;
}

export class Net {
  optimizer!: tf.Optimizer;
  criteria!: (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  private readonly model: tf.LayersModel;

  constructor(inShape: number[], outShape: number[], prm: Record<string, number>, device: string) {
    const [, height, width, channels] = inShape;
    void device; // layers place themselves on the active TF.js backend
    const input = tf.input({ shape: [height, width, channels] });
    let x = tf.layers.reLU().apply(convBn(input, 16, 3, 1)) as tf.SymbolicTensor;
    x = basicBlock(x, 16, 1);
    x = basicBlock(x, 32, 2);
    x = basicBlock(x, 64, 2);
    x = basicBlock(x, 64, 1);
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
