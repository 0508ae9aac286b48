/**
 * The execution check (LEMUR's smoke test, made stricter): build with the dataset's shape, a dummy
 * forward (finite `[batch, numClasses]` logits), parameters within budget, `trainSetup` sets an
 * optimizer, `learn` on 3 batches gives a finite loss, and those batches, projected onto one epoch
 * of the real dataset, fit the epoch budget. Uses random data with the dataset's shape, so it needs
 * no download. Every failure message says what to change.
 */
import type { DatasetInfo, ImageSplit } from '../../core/datasets/types';
import type { NetModule } from '../sandbox/evaluateNet';
import { declaredHyperparameters } from '../sandbox/evaluateNet';
import { seededRandom } from '../../core/retrieve/seededRandom';
import { epochBatches, tooSlowMessage } from '../../core/training/pace';
import type { BatchStartListener, JobControl } from './epochLoop';
import { runEpoch } from './epochLoop';
import { RunFailure } from './failure';
import type { BuiltNet } from './netInstance';
import { buildNet, netCall } from './netInstance';
import { BatchProbe } from './probes';

/** Random uint8 images with random labels, shaped like the dataset. */
export function syntheticSplit(info: DatasetInfo, count: number, rngSeed = 1): ImageSplit {
  const random = seededRandom(rngSeed);
  const images = new Uint8Array(count * info.height * info.width * info.channels);
  for (let i = 0; i < images.length; i++) images[i] = Math.floor(random() * 256);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = Math.floor(random() * info.numClasses);
  return { images, labels, count };
}

/** Calls `trainSetup` and attaches the loss probe; shared by the check and real training. */
export function setUpTraining(built: BuiltNet, fileName: string): BatchProbe {
  netCall('trainSetup(prm)', fileName, () => built.net.trainSetup({ ...built.prm }));
  const probe = new BatchProbe();
  if (!probe.attach(built.net)) {
    throw new RunFailure(
      'check-failed',
      'trainSetup(prm) must set this.optimizer to a TF.js optimizer (e.g. tf.train.momentum(prm.lr, prm.momentum)); it is missing after the call.',
    );
  }
  if (typeof built.net.criteria !== 'function') {
    throw new RunFailure(
      'check-failed',
      'trainSetup(prm) must set this.criteria to a loss function (labels, logits) => tf.Scalar, e.g. tf.losses.softmaxCrossEntropy.',
    );
  }
  return probe;
}

/** How the check times the Net, and whom it tells as each batch starts. */
export interface CheckPace {
  /** Longest estimated proxy epoch it accepts, in seconds; none when absent. */
  epochBudgetS?: number;
  /** Batches in one proxy epoch; default: the dataset's training images in the batch size. */
  epochBatches?: number;
  onBatchStart?: BatchStartListener;
}

/** Training batches the check runs: the first warms up (kernel set-up, first allocations), the others are timed. */
const checkBatches = 3;

/** Mean seconds per batch, leaving out the first (warm-up) batch once a later one was timed. */
function secondsPerBatch(durationsS: readonly number[]): number {
  const timed = durationsS.length > 1 ? durationsS.slice(1) : durationsS;
  return timed.reduce((a, b) => a + b, 0) / Math.max(1, timed.length);
}

/** What a passed check reports. */
export interface CheckOutcome {
  paramCount: number;
  loss: number;
  prm: Record<string, number>;
}

/** Runs the whole execution check; throws a RunFailure naming the first problem. */
export async function executionCheck(
  mod: NetModule,
  info: DatasetInfo,
  batchSize: number,
  hyperparameters: Record<string, number>,
  backend: string,
  fileName: string,
  control: JobControl,
  paramBudget?: number,
  pace: CheckPace = {},
): Promise<CheckOutcome> {
  const declared = declaredHyperparameters(mod);
  const built = await buildNet(mod, declared, info, batchSize, hyperparameters, backend, fileName);
  if (paramBudget !== undefined && built.paramCount > paramBudget) {
    throw new RunFailure(
      'check-failed',
      `The Net has ${built.paramCount.toLocaleString('en-US')} trainable parameters, over the budget of ${paramBudget.toLocaleString('en-US')}; use fewer filters or units, or pool earlier.`,
    );
  }
  const probe = setUpTraining(built, fileName);
  const train = syntheticSplit(info, checkBatches * batchSize);
  let lastLoss = Number.NaN;
  let batchStart = 0;
  const durationsS: number[] = [];
  const result = await runEpoch({
    net: built.net,
    probe,
    info,
    train,
    test: syntheticSplit(info, batchSize, 2),
    epoch: 1,
    batchSize,
    randomSeed: 1,
    augment: false,
    maxTrainBatches: checkBatches,
    progressEvery: 1,
    control,
    fileName,
    onBatchStart: (phase, batch, total) => {
      if (phase === 'batch') batchStart = performance.now();
      pace.onBatchStart?.(phase, batch, total);
    },
    onProgress: (_b, _t, loss) => {
      lastLoss = loss;
      durationsS.push((performance.now() - batchStart) / 1000);
    },
  });
  if (result.batches === 0)
    throw new RunFailure(
      'check-failed',
      'learn(trainData) returned without reading any batch; it must iterate over trainData with for await.',
    );
  if (result.lossesSeen === 0) {
    throw new RunFailure(
      'check-failed',
      'learn() trained without a visible loss: compute it with this.criteria(y, logits) inside this.optimizer.minimize(() => ...).',
    );
  }
  const batches = pace.epochBatches ?? epochBatches(info.trainCount, batchSize);
  const perBatchS = secondsPerBatch(durationsS);
  if (pace.epochBudgetS !== undefined && perBatchS * batches > pace.epochBudgetS) {
    throw new RunFailure('too-slow', tooSlowMessage(perBatchS, batches, batchSize, pace.epochBudgetS));
  }
  return { paramCount: built.paramCount, loss: lastLoss, prm: built.prm };
}
