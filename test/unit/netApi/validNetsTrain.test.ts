// The valid fixtures are real Nets, not just text the checker likes: each builds, forwards a
// batch to finite [batch, classes] logits, and learns two batches with TF.js's CPU backend —
// the smoke test LEMUR's trainer runs before training.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { checkNet } from '../../../src/core/netApi/checkNet';

const validDir = path.join(__dirname, '../../fixtures/nets/valid');
const classes = 10;

interface NetLike {
  optimizer?: tf.Optimizer;
  forward(x: tf.Tensor4D, training?: boolean): tf.Tensor;
  trainSetup(prm: Record<string, number>): void;
  learn(data: AsyncIterable<{ x: tf.Tensor4D; y: tf.Tensor2D }>): Promise<void>;
}
type NetModule = { Net: new (...args: unknown[]) => NetLike };

async function* batches(count: number, shape: [number, number, number, number]): AsyncGenerator<{ x: tf.Tensor4D; y: tf.Tensor2D }> {
  for (let i = 0; i < count; i++) {
    const labels = tf.tensor1d(Array.from({ length: shape[0] }, (_, j) => (i + j) % classes), 'int32');
    yield { x: tf.randomUniform(shape) as tf.Tensor4D, y: tf.oneHot(labels, classes).toFloat() as tf.Tensor2D };
  }
}

describe('valid Net fixtures train with TF.js', function () {
  this.timeout(60_000);
  before(async () => {
    await tf.setBackend('cpu');
  });

  for (const name of readdirSync(validDir).sort()) {
    it(`${name} builds, forwards and learns two batches`, async () => {
      const file = path.join(validDir, name);
      const { declaredHyperparameters } = checkNet(readFileSync(file, 'utf8'), file);
      const prm = Object.fromEntries(declaredHyperparameters.map((k) => [k, 0.05]));
      const mod = (await import(file)) as NetModule;
      // Both image layouts the data sets use build and forward; the (slower) learning step runs on one.
      for (const shape of [[2, 32, 32, 3], [2, 28, 28, 1]] as [number, number, number, number][]) {
        const net = new mod.Net(shape, [classes], prm, 'cpu');
        const logits = net.forward(tf.randomUniform(shape) as tf.Tensor4D);
        assert.deepEqual(logits.shape, [2, classes]);
        assert.ok((await logits.data()).every(Number.isFinite), 'logits are finite');
        if (shape[3] === 3) continue;
        net.trainSetup(prm);
        assert.ok(net.optimizer instanceof tf.Optimizer, 'trainSetup sets this.optimizer');
        await net.learn(batches(2, shape));
      }
    });
  }
});
