// Architecture zoo: SqueezeNet fire modules (1×1 squeeze with batch norm, parallel 1×1 and 3×3
// expands concatenated) and SqueezeNet's convolutional classifier. `npm run bench:zoo` trains it
// against a PyTorch twin (bench/zooTorch.py); keep the two in step.
import * as tf from '@tensorflow/tfjs';

/** The hyperparameters this Net reads from prm. */
export function supportedHyperparameters(): string[] {
  return ['lr', 'momentum', 'dropout'];
}

/** Fire module; the output has 2 × expandFilters channels at the same height and width. */
function fireModule(x: tf.SymbolicTensor, squeezeFilters: number, expandFilters: number): tf.SymbolicTensor {
  let squeezed = tf.layers.conv2d({ filters: squeezeFilters, kernelSize: 1 }).apply(x) as tf.SymbolicTensor;
  squeezed = tf.layers.reLU().apply(tf.layers.batchNormalization().apply(squeezed)) as tf.SymbolicTensor;
  const expand1 = tf.layers.conv2d({ filters: expandFilters, kernelSize: 1, activation: 'relu' }).apply(squeezed) as tf.SymbolicTensor;
  const expand3 = tf.layers.conv2d({ filters: expandFilters, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(squeezed) as tf.SymbolicTensor;
  return tf.layers.concatenate({ axis: -1 }).apply([expand1, expand3]) as tf.SymbolicTensor;
}

export class Net {
  optimizer!: tf.Optimizer;
  criteria!: (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  private readonly model: tf.LayersModel;

  constructor(inShape: number[], outShape: number[], prm: Record<string, number>, device: string) {
    const [, height, width, channels] = inShape;
    void device; // layers place themselves on the active TF.js backend
    const input = tf.input({ shape: [height, width, channels] });
    let x = tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
    x = fireModule(x, 16, 64);
    x = fireModule(x, 16, 64);
    x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor;
    x = fireModule(x, 32, 128);
    x = fireModule(x, 32, 128);
    x = tf.layers.dropout({ rate: prm.dropout }).apply(x) as tf.SymbolicTensor;
    // Classifier: a 1×1 conv to one map per class, averaged over the image.
    x = tf.layers.conv2d({ filters: outShape[0], kernelSize: 1 }).apply(x) as tf.SymbolicTensor;
    const logits = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
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
