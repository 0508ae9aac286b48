/**
 * One epoch of NNGPT's proxy protocol: the trainer owns the batch iterator the Net's `learn()`
 * consumes (seeded shuffle, progress, epoch time limit, cancellation, maxTrainBatches), watches each
 * batch's loss and the live-tensor count, then measures accuracy on the test split.
 */
import * as tf from '@tensorflow/tfjs';
import type { DatasetInfo, ImageSplit } from '../../core/datasets/types';
import type { NetInstance } from '../sandbox/evaluateNet';
import { seededRandom } from '../../core/retrieve/seededRandom';
import { makeBatch, shuffledIndices } from './batchData';
import { RunFailure, failureFrom } from './failure';
import { allFinite, checkLogitsShape, nonFiniteLogits } from './netInstance';
import type { BatchProbe } from './probes';
import { LeakDetector } from './probes';

/** Shared with the message handler: set `cancelled` to stop at the next batch boundary. */
export interface JobControl {
  cancelled: boolean;
}

/** What one epoch needs. */
export interface EpochInput {
  net: NetInstance;
  probe: BatchProbe;
  info: DatasetInfo;
  train: ImageSplit;
  test: ImageSplit;
  epoch: number;
  batchSize: number;
  randomSeed: number;
  augment: boolean;
  maxTrainBatches?: number;
  epochTimeLimitS?: number;
  progressEvery: number;
  control: JobControl;
  fileName: string;
  onProgress(batch: number, totalBatches: number, loss: number, samplesPerSec: number): void;
  /** Told as each training or evaluation batch starts (the host's no-progress heartbeat). */
  onBatchStart?: BatchStartListener;
}

/** Hears which batch (1-based, of `totalBatches`) of training or evaluation starts now. */
export type BatchStartListener = (phase: 'batch' | 'evaluation', batch: number, totalBatches: number) => void;

/** What one epoch measured (the job adds backend, parameter count and memory). */
export interface EpochResult {
  trainLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  durationS: number;
  samplesPerSec: number;
  batches: number;
  stoppedEarly: boolean;
  /** Batches for which a loss was seen (0: the Net hid its loss from the trainer). */
  lossesSeen: number;
}

/** Lets queued messages (a `cancel`) in between batches; awaiting resolved promises alone would not. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `learn()` over the trainer's iterator and returns the epoch's training figures. */
async function trainEpoch(input: EpochInput): Promise<Omit<EpochResult, 'testAccuracy'>> {
  const { info, train, batchSize, probe, control } = input;
  const random = seededRandom(input.randomSeed * 1000 + input.epoch);
  const order = shuffledIndices(train.count, random);
  const full = Math.ceil(train.count / batchSize);
  const totalBatches = input.maxTrainBatches ? Math.min(full, input.maxTrainBatches) : full;
  const flip = input.augment && info.flip;
  const leaks = new LeakDetector();
  const started = performance.now();
  const s = { batches: 0, samples: 0, lossSum: 0, lossesSeen: 0, correct: 0, counted: 0, stoppedEarly: false };
  let failure: RunFailure | undefined;

  async function* batches(): AsyncGenerator<{ x: tf.Tensor4D; y: tf.Tensor2D }> {
    for (let b = 0; b < totalBatches; b++) {
      if (control.cancelled) return void (failure = new RunFailure('cancelled', 'training was cancelled'));
      if (input.epochTimeLimitS !== undefined && (performance.now() - started) / 1000 > input.epochTimeLimitS) {
        s.stoppedEarly = true;
        return;
      }
      input.onBatchStart?.('batch', b + 1, totalBatches);
      const arrays = makeBatch(
        train,
        info,
        order.subarray(b * batchSize, (b + 1) * batchSize),
        flip ? () => random() < 0.5 : undefined,
      );
      const x = tf.tensor4d(arrays.x, [arrays.size, info.height, info.width, info.channels]);
      const y = tf.tensor2d(arrays.y, [arrays.size, info.numClasses]);
      try {
        yield { x, y };
      } finally {
        x.dispose();
        y.dispose();
      }
      const { loss, correct } = await probe.take();
      s.batches++;
      s.samples += arrays.size;
      if (correct !== undefined) {
        s.correct += correct;
        s.counted += arrays.size;
      }
      if (loss !== undefined) {
        if (!Number.isFinite(loss)) {
          return void (failure = new RunFailure(
            'nan-loss',
            `The loss became ${loss} at epoch ${input.epoch}, batch ${s.batches}. Lower the learning rate, check the loss function and any division or log of values that can be zero.`,
          ));
        }
        s.lossSum += loss;
        s.lossesSeen++;
      }
      const leak = leaks.observe(s.batches, tf.memory().numTensors);
      if (leak)
        return void (failure = new RunFailure('tensor-leak', `${leak} (epoch ${input.epoch}, batch ${s.batches})`));
      const elapsed = (performance.now() - started) / 1000;
      if (s.batches % input.progressEvery === 0 || s.batches === totalBatches) {
        input.onProgress(s.batches, totalBatches, loss ?? Number.NaN, s.samples / Math.max(elapsed, 1e-9));
      }
      await yieldToEventLoop();
    }
  }

  try {
    await input.net.learn(batches());
  } catch (e) {
    throw failure ?? failureFrom(e, 'learn()', input.fileName);
  } finally {
    probe.release();
  }
  if (failure) throw failure;
  if (control.cancelled) throw new RunFailure('cancelled', 'training was cancelled');
  const durationS = (performance.now() - started) / 1000;
  return {
    trainLoss: s.lossesSeen > 0 ? s.lossSum / s.lossesSeen : Number.NaN,
    trainAccuracy: s.counted > 0 ? s.correct / s.counted : Number.NaN,
    durationS,
    samplesPerSec: s.samples / Math.max(durationS, 1e-9),
    batches: s.batches,
    stoppedEarly: s.stoppedEarly || s.batches < full,
    lossesSeen: s.lossesSeen,
  };
}

/** Accuracy of `forward(x, false)` over the whole test split, in the run's batch size. */
export async function testAccuracy(
  net: NetInstance,
  info: DatasetInfo,
  test: ImageSplit,
  batchSize: number,
  control: JobControl,
  fileName: string,
  onBatchStart?: BatchStartListener,
): Promise<number> {
  let correct = 0;
  const batches = Math.ceil(test.count / batchSize);
  for (let start = 0; start < test.count; start += batchSize) {
    if (control.cancelled) throw new RunFailure('cancelled', 'training was cancelled');
    onBatchStart?.('evaluation', start / batchSize + 1, batches);
    const size = Math.min(batchSize, test.count - start);
    const indices = Array.from({ length: size }, (_, i) => start + i);
    const arrays = makeBatch(test, info, indices);
    let predicted: tf.Tensor;
    let finite: tf.Tensor;
    try {
      [predicted, finite] = tf.tidy(() => {
        const x = tf.tensor4d(arrays.x, [size, info.height, info.width, info.channels]);
        const out = net.forward(x, false);
        checkLogitsShape(out, size, info, x.shape);
        return [tf.argMax(out, 1), allFinite(out)];
      });
    } catch (e) {
      throw failureFrom(e, 'forward() during evaluation', fileName);
    }
    // Both read asynchronously: a sync read fails on webgpu in Node and stalls any GPU.
    const [p, ok] = await Promise.all([predicted.data(), finite.data()]).finally(() => tf.dispose([predicted, finite]));
    if (ok[0] !== 1) throw nonFiniteLogits();
    for (let i = 0; i < size; i++) if (p[i] === arrays.labels[i]) correct++;
    await yieldToEventLoop();
  }
  return test.count > 0 ? correct / test.count : Number.NaN;
}

/** One full epoch: train, then evaluate on the test split. */
export async function runEpoch(input: EpochInput): Promise<EpochResult> {
  const trained = await trainEpoch(input);
  const acc = await testAccuracy(
    input.net,
    input.info,
    input.test,
    input.batchSize,
    input.control,
    input.fileName,
    input.onBatchStart,
  );
  return { ...trained, testAccuracy: acc };
}
