// Architecture zoo: MobileNetV2 inverted residuals (1×1 expand, 3×3 depthwise, linear 1×1
// projection, batch norm, ReLU6). `npm run bench:zoo` trains it against a PyTorch twin
// (bench/zooTorch.py); keep the two in step.
import * as tf from '@tensorflow/tfjs';

/** The hyperparameters this Net reads from prm. */
export function supportedHyperparameters(): string[] {
  return ['lr', 'momentum'];
}

const bn = (t: tf.SymbolicTensor | tf.SymbolicTensor[] | tf.Tensor | tf.Tensor[]): tf.SymbolicTensor =>
  tf.layers.batchNormalization().apply(t) as tf.SymbolicTensor;
const relu6 = (t: tf.SymbolicTensor): tf.SymbolicTensor => tf.layers.reLU({ maxValue: 6 }).apply(t) as tf.SymbolicTensor;

/** Inverted residual with `outChannels` outputs; residual when stride 1 and channels match. */
function invertedResidual(x: tf.SymbolicTensor, outChannels: number, stride: number, expansion: number): tf.SymbolicTensor {
  const inChannels = x.shape[x.shape.length - 1] as number;
  let y = x;
  if (expansion !== 1) y = relu6(bn(tf.layers.conv2d({ filters: inChannels * expansion, kernelSize: 1, useBias: false }).apply(y)));
  y = relu6(bn(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false }).apply(y)));
  y = bn(tf.layers.conv2d({ filters: outChannels, kernelSize: 1, useBias: false }).apply(y));
  return stride === 1 && inChannels === outChannels ? (tf.layers.add().apply([x, y]) as tf.SymbolicTensor) : y;
}

export class Net {
  optimizer!: tf.Optimizer;
  criteria!: (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  private readonly model: tf.LayersModel;

  constructor(inShape: number[], outShape: number[], prm: Record<string, number>, device: string) {
    const [, height, width, channels] = inShape;
    void device; // layers place themselves on the active TF.js backend
    const input = tf.input({ shape: [height, width, channels] });
    let x = relu6(bn(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', useBias: false }).apply(input)));
    x = invertedResidual(x, 16, 1, 1);
    x = invertedResidual(x, 24, 2, 6);
    x = invertedResidual(x, 24, 1, 6);
    x = invertedResidual(x, 32, 2, 6);
    x = invertedResidual(x, 32, 1, 6);
    x = invertedResidual(x, 64, 2, 6);
    x = invertedResidual(x, 64, 1, 6);
    x = relu6(bn(tf.layers.conv2d({ filters: 256, kernelSize: 1, useBias: false }).apply(x)));
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
