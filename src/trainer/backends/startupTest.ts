/**
 * The test every rung passes before the ladder chooses it: a tiny model with known weights (one 3×3
 * convolution, ReLU, one dense layer, softmax cross-entropy), its loss checked against the same sum
 * done here in plain JavaScript, one SGD step, and the loss after it read back asynchronously. A
 * backend that registers but cannot train (a missing kernel, a sync read, a broken driver) fails
 * here, with the reason, and the ladder moves on, instead of the first Net failing in its place.
 */
import * as tf from '@tensorflow/tfjs';
import { errorText } from './rung';

const batch = 2;
const side = 5;
const filters = 2;
const out = side - 2; // 'valid' 3×3 convolution
const classes = 3;
const flat = out * out * filters;

/** Deterministic values in [-1, 1): the test needs no random generator, so every backend sees the same numbers. */
function values(n: number, rngSeed: number): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.fround(Math.sin((i + 1) * rngSeed) * 0.9);
  return v;
}

const x = values(batch * side * side, 1.3);
const kernel = values(3 * 3 * filters, 2.1);
const weights = values(flat * classes, 0.7);
const labels = [0, 2];

/** The model's mean softmax cross-entropy, summed in float64 here, independent of any backend. */
export function referenceLoss(): number {
  let total = 0;
  for (let b = 0; b < batch; b++) {
    const hidden = new Float64Array(flat);
    for (let r = 0; r < out; r++) {
      for (let c = 0; c < out; c++) {
        for (let f = 0; f < filters; f++) {
          let s = 0;
          for (let i = 0; i < 3; i++)
            for (let j = 0; j < 3; j++)
              s += x[b * side * side + (r + i) * side + (c + j)] * kernel[(i * 3 + j) * filters + f];
          hidden[(r * out + c) * filters + f] = Math.max(0, s);
        }
      }
    }
    const logits = Array.from({ length: classes }, (_, o) =>
      hidden.reduce((s, h, i) => s + h * weights[i * classes + o], 0),
    );
    const top = Math.max(...logits);
    const logSum = top + Math.log(logits.reduce((s, l) => s + Math.exp(l - top), 0));
    total += logSum - logits[labels[b]];
  }
  return total / batch;
}

/** Runs the test on TF.js's current backend; resolves to undefined when it passes, else to what went wrong. */
export async function startupTest(): Promise<string | undefined> {
  // Made inside tidy so the initial values, which the variables copy, are freed.
  const [k, w] = tf.tidy(() => [
    tf.variable(tf.tensor4d(kernel, [3, 3, 1, filters])),
    tf.variable(tf.tensor2d(weights, [flat, classes])),
  ]);
  const xs = tf.tensor4d(x, [batch, side, side, 1]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes));
  const loss = () =>
    tf.losses.softmaxCrossEntropy(
      ys,
      tf.matMul(tf.reshape(tf.relu(tf.conv2d(xs, k, 1, 'valid')), [batch, flat]), w),
    ) as tf.Scalar;
  try {
    const optimizer = tf.train.sgd(0.5);
    const before = optimizer.minimize(loss, true, [k, w]);
    const after = tf.tidy(loss);
    const [first, second] = await Promise.all([before!.data(), after.data()]);
    tf.dispose([before!, after]);
    optimizer.dispose();
    const expected = referenceLoss();
    if (!(Math.abs(first[0] - expected) <= 1e-3 * expected))
      return `the tiny model's loss is ${first[0]}, expected ${expected.toFixed(6)}`;
    if (!(second[0] < first[0]))
      return `one gradient step did not lower the tiny model's loss (${first[0]} → ${second[0]})`;
    return undefined;
  } catch (e) {
    return errorText(e);
  } finally {
    tf.dispose([k, w, xs, ys]);
  }
}
