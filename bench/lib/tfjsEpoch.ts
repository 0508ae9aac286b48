// One TF.js epoch of a Net on an in-memory image dataset, timed like the PyTorch peer: the
// training loop only (batch assembly included), then accuracy on the test split.
import * as tf from '@tensorflow/tfjs';
import type { ImageSplit, DatasetInfo } from '../../src/core/datasets/types';

/** The Net API surface the bench drives. */
export interface BenchNet {
  forward(x: tf.Tensor4D, training?: boolean): tf.Tensor2D;
  trainSetup(prm: Record<string, number>): void;
  learn(data: AsyncIterable<{ x: tf.Tensor4D; y: tf.Tensor2D }>): Promise<void>;
}

/** Pixels as normalised float32 NHWC, once, so batches are plain copies. */
export function normalise(split: ImageSplit, info: DatasetInfo): Float32Array {
  const out = new Float32Array(split.images.length);
  const c = info.channels;
  for (let i = 0; i < out.length; i++) out[i] = (split.images[i] / 255 - info.mean[i % c]) / info.std[i % c];
  return out;
}

/** A seeded Fisher–Yates permutation (mulberry32), so runs are comparable. */
export function permutation(n: number, rngSeed: number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  let s = rngSeed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

interface Counter {
  images: number;
  tensorsAtSecond: number;
  tensorsAtLast: number;
}

/** Shuffled batches as tensors; each batch is disposed when the next is asked for. */
async function* batches(
  pixels: Float32Array,
  split: ImageSplit,
  info: DatasetInfo,
  batch: number,
  limit: number,
  counter: Counter,
) {
  const size = info.height * info.width * info.channels;
  const order = permutation(split.count, 1);
  const total = Math.min(Math.ceil(split.count / batch), limit > 0 ? limit : Infinity);
  let previous: tf.Tensor[] = [];
  for (let b = 0; b < total; b++) {
    const ids = order.subarray(b * batch, Math.min(split.count, (b + 1) * batch));
    const xs = new Float32Array(ids.length * size);
    const ys = new Float32Array(ids.length * info.numClasses);
    ids.forEach((id, k) => {
      xs.set(pixels.subarray(id * size, (id + 1) * size), k * size);
      ys[k * info.numClasses + split.labels[id]] = 1;
    });
    const x = tf.tensor4d(xs, [ids.length, info.height, info.width, info.channels]);
    const y = tf.tensor2d(ys, [ids.length, info.numClasses]);
    tf.dispose(previous);
    previous = [x, y];
    counter.images += ids.length;
    // From the second batch on, the optimizer's slots exist: any later growth is a leak.
    if (b === 1) counter.tensorsAtSecond = tf.memory().numTensors;
    counter.tensorsAtLast = tf.memory().numTensors;
    yield { x, y };
  }
  tf.dispose(previous);
}

/** Fraction of the test split the Net classifies correctly. */
export function accuracy(net: BenchNet, pixels: Float32Array, split: ImageSplit, info: DatasetInfo): number {
  const size = info.height * info.width * info.channels;
  let correct = 0;
  for (let start = 0; start < split.count; start += 500) {
    const n = Math.min(500, split.count - start);
    const predicted = tf.tidy(() => {
      const x = tf.tensor4d(pixels.subarray(start * size, (start + n) * size), [
        n,
        info.height,
        info.width,
        info.channels,
      ]);
      return net.forward(x, false).argMax(-1);
    });
    const labels = predicted.dataSync();
    predicted.dispose();
    for (let i = 0; i < n; i++) if (labels[i] === split.labels[start + i]) correct++;
  }
  return correct / split.count;
}

/** Result of one TF.js epoch. */
export interface EpochResult {
  images: number;
  seconds: number;
  imagesPerSec: number;
  /** Process CPU time of the training loop (all threads, wasm workers included). */
  cpuSeconds: number;
  testAccuracy: number;
  /** Tensors alive at the last batch minus at the second (0 = no leak across batches). */
  tensorGrowth: number;
}

/** Trains `net` (already built) for one epoch through its own learn(), then measures test accuracy. */
export async function tfjsEpoch(
  net: BenchNet,
  data: { train: ImageSplit; test: ImageSplit; info: DatasetInfo; trainPixels: Float32Array; testPixels: Float32Array },
  batch: number,
  maxBatches: number,
): Promise<EpochResult> {
  const counter: Counter = { images: 0, tensorsAtSecond: 0, tensorsAtLast: 0 };
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await net.learn(batches(data.trainPixels, data.train, data.info, batch, maxBatches, counter));
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const tensorGrowth = counter.tensorsAtLast - counter.tensorsAtSecond;
  return {
    images: counter.images,
    seconds,
    cpuSeconds,
    imagesPerSec: counter.images / seconds,
    testAccuracy: accuracy(net, data.testPixels, data.test, data.info),
    tensorGrowth,
  };
}
