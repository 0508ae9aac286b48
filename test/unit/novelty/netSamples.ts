// Net texts the novelty tests compare: the reference CNN, a disguised copy of it, and an MLP.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The reference Net every test uses. */
export const referenceNet = fs.readFileSync(path.join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');

/** The reference Net with renamed locals, other comments, different layout and one changed number. */
export const disguisedReference = referenceNet
  .replace(/\bheight\b/g, 'rows')
  .replace(/\bwidth\b/g, 'cols')
  .replace(/\bchannels\b/g, 'depth')
  .replace(/\bmodel\b/g, 'backbone')
  .replace('filters: 16', 'filters: 24')
  .replace(/\/\/.*$/gm, '// rewritten comment')
  .replace(/, /g, ',\n    ');

/** A plain multi-layer perceptron under the same API: a different architecture. */
export const mlpNet = `import * as tf from '@tensorflow/tfjs';

export function supportedHyperparameters(): string[] {
  return ['lr'];
}

export class Net {
  optimizer!: tf.Optimizer;
  criteria!: (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  private hidden: tf.layers.Layer[] = [];
  private readonly out: tf.layers.Layer;

  constructor(inShape: number[], outShape: number[], prm: Record<string, number>, device: string) {
    const size = inShape.slice(1).reduce((a, b) => a * b, 1);
    for (const units of [512, 256, 128]) this.hidden.push(tf.layers.dense({ units, activation: 'tanh' }));
    this.out = tf.layers.dense({ units: outShape[0], inputDim: size });
  }

  forward(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      let h: tf.Tensor = x.reshape([x.shape[0], -1]);
      for (const layer of this.hidden) h = layer.apply(h) as tf.Tensor;
      return this.out.apply(h) as tf.Tensor2D;
    });
  }

  trainSetup(prm: Record<string, number>): void {
    this.optimizer = tf.train.adam(prm.lr);
    this.criteria = (labels, logits) => tf.losses.meanSquaredError(labels, tf.softmax(logits)) as tf.Scalar;
  }

  async learn(trainData: AsyncIterable<{ x: tf.Tensor4D; y: tf.Tensor2D }>): Promise<void> {
    for await (const batch of trainData) {
      this.optimizer.minimize(() => this.criteria(batch.y, this.forward(batch.x)));
    }
  }
}
`;
