// Architecture zoo: SE-ResNet bottlenecks (1×1 reduce, 3×3, 1×1 expand ×4, batch norm) with a
// squeeze-and-excitation gate on the residual branch. `npm run bench:zoo` trains it against a
// PyTorch twin (bench/zooTorch.py); keep the two in step.
import * as tf from '@tensorflow/tfjs';

/** The hyperparameters this Net reads from prm. */
export function supportedHyperparameters(): string[] {
  return ['lr', 'momentum'];
}

function convBn(x: tf.SymbolicTensor, filters: number, kernelSize: number, strides = 1): tf.SymbolicTensor {
  const y = tf.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false }).apply(x) as tf.SymbolicTensor;
  return tf.layers.batchNormalization().apply(y) as tf.SymbolicTensor;
}

/** Squeeze-and-excitation: a per-channel sigmoid gate from globally pooled features. */
function squeezeExcite(x: tf.SymbolicTensor, ratio = 4): tf.SymbolicTensor {
  const channels = x.shape[x.shape.length - 1] as number;
  const squeezed = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: Math.floor(channels / ratio), activation: 'relu' }).apply(squeezed);
  const gate = tf.layers.dense({ units: channels, activation: 'sigmoid' }).apply(hidden) as tf.SymbolicTensor;
  const gate4d = tf.layers.reshape({ targetShape: [1, 1, channels] }).apply(gate) as tf.SymbolicTensor;
  return tf.layers.multiply().apply([x, gate4d]) as tf.SymbolicTensor;
}

/** SE bottleneck; the output has `filters * 4` channels; `stride` 2 halves height and width. */
function seBottleneck(x: tf.SymbolicTensor, filters: number, stride: number): tf.SymbolicTensor {
  const outChannels = filters * 4;
  let y = tf.layers.reLU().apply(convBn(x, filters, 1)) as tf.SymbolicTensor;
  y = tf.layers.reLU().apply(convBn(y, filters, 3, stride)) as tf.SymbolicTensor;
  y = squeezeExcite(convBn(y, outChannels, 1));
  const needsProjection = stride !== 1 || x.shape[x.shape.length - 1] !== outChannels;
  const shortcut = needsProjection ? convBn(x, outChannels, 1, stride) : x;
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
    let x = tf.layers.reLU().apply(convBn(input, 32, 3)) as tf.SymbolicTensor;
    x = seBottleneck(x, 16, 1);
    x = seBottleneck(x, 32, 2);
    x = seBottleneck(x, 64, 2);
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
