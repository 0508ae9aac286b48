/**
 * The smoke test LEMUR's trainer runs before training, in TF.js: build a Net for a data shape,
 * forward a batch to finite [batch, classes] logits, run trainSetup and learn two batches.
 */
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';

/** What a Net module exports, as far as the smoke test needs. */
export interface NetModule {
  Net: new (...args: unknown[]) => {
    optimizer?: tf.Optimizer;
    forward(x: tf.Tensor4D, training?: boolean): tf.Tensor;
    trainSetup(prm: Record<string, number>): void;
    learn(data: AsyncIterable<{ x: tf.Tensor4D; y: tf.Tensor2D }>): Promise<void>;
  };
}

const classes = 10;

/** NHWC batch shape. */
type Shape4 = [number, number, number, number];

async function* batches(count: number, shape: Shape4): AsyncGenerator<{ x: tf.Tensor4D; y: tf.Tensor2D }> {
  for (let i = 0; i < count; i++) {
    const labels = tf.tensor1d(
      Array.from({ length: shape[0] }, (_, j) => (i + j) % classes),
      'int32',
    );
    yield { x: tf.randomUniform(shape) as tf.Tensor4D, y: tf.oneHot(labels, classes).toFloat() as tf.Tensor2D };
  }
}

/** Uses TF.js's pure-JS CPU backend: always present, and the same for every machine. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
}

/**
 * Builds and forwards for colour 32×32 and grey 28×28 batches; the slower learning step runs
 * on the grey one only.
 */
export async function smokeTrain(mod: NetModule, keys: readonly string[]): Promise<void> {
  const prm = Object.fromEntries(keys.map((k) => [k, 0.05]));
  const shapes: Shape4[] = [
    [2, 32, 32, 3],
    [2, 28, 28, 1],
  ];
  for (const shape of shapes) {
    const net = new mod.Net(shape, [classes], prm, 'cpu');
    const logits = net.forward(tf.randomUniform(shape) as tf.Tensor4D);
    assert.deepEqual(logits.shape, [2, classes]);
    assert.ok((await logits.data()).every(Number.isFinite), 'logits are finite');
    if (shape[3] === 3) continue;
    net.trainSetup(prm);
    assert.ok(net.optimizer instanceof tf.Optimizer, 'trainSetup sets this.optimizer');
    await net.learn(batches(2, shape));
  }
}
