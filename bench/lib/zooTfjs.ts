// The TF.js side of `npm run bench:zoo`, through the trainer's own code: a zoo Net file is
// transpiled and evaluated as the trainer evaluates generated Nets, built with buildNet (dummy
// forward, trainable-parameter count), set up with setUpTraining (loss probe) and trained by
// runEpoch on random pixels — the Net's own learn() over the trainer's batch iterator, a warm-up
// epoch and then a timed one.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { transpileNet } from '../../src/core/training/transpile';
import type { DatasetInfo } from '../../src/core/datasets/types';
import { runEpoch } from '../../src/trainer/run/epochLoop';
import { setUpTraining, syntheticSplit } from '../../src/trainer/run/executionCheck';
import { buildNet } from '../../src/trainer/run/netInstance';
import type { BuiltNet } from '../../src/trainer/run/netInstance';
import { declaredHyperparameters, evaluateNet } from '../../src/trainer/sandbox/evaluateNet';
import type { NetModule } from '../../src/trainer/sandbox/evaluateNet';

/** Reads, transpiles and evaluates a Net file as the trainer does; throws with the parse error. */
export async function loadZooNet(file: string): Promise<NetModule> {
  const out = await transpileNet(readFileSync(file, 'utf8'), file);
  if (!out.ok) throw new Error(out.message);
  return evaluateNet(out.code, file);
}

/** What one timed TF.js run measured. */
export interface ZooRun {
  built: BuiltNet;
  paramCount: number;
  /** Images in the timed batches (after the warm-up ones). */
  images: number;
  seconds: number;
  /** Process CPU time of the timed batches (wasm worker threads included). */
  cpuSeconds: number;
  imagesPerSec: number;
  /** The loss the trainer's probe saw at the last batch. */
  lastLoss: number;
}

/** How a run trains. */
export interface ZooRunOptions {
  batch: number;
  /** Untimed batches first (kernel set-up, first allocations). */
  warmup: number;
  /** Timed batches, at most. */
  batches: number;
  /** No timed batch starts after this many seconds (the first always runs); none when absent. */
  timeLimitS?: number;
  backend: string;
  hyperparameters: Record<string, number>;
}

/** Builds the Net at `info`'s shape, trains a warm-up epoch of `warmup` batches, then times an epoch of up to `batches`, both through the trainer's epoch loop. */
export async function trainZooNet(
  mod: NetModule,
  fileName: string,
  info: DatasetInfo,
  opts: ZooRunOptions,
): Promise<ZooRun> {
  const built = await buildNet(
    mod,
    declaredHyperparameters(mod),
    info,
    opts.batch,
    opts.hyperparameters,
    opts.backend,
    fileName,
  );
  const probe = setUpTraining(built, fileName);
  const test = syntheticSplit(info, opts.batch, 2);
  let lastLoss = Number.NaN;
  let timedBatches = 0;
  const epoch = (n: number, timeLimitS: number | undefined, onBatch: () => void) =>
    runEpoch({
      net: built.net,
      probe,
      info,
      train: syntheticSplit(info, n * opts.batch),
      test,
      epoch: 1,
      batchSize: opts.batch,
      randomSeed: 1,
      augment: false,
      maxTrainBatches: n,
      epochTimeLimitS: timeLimitS,
      progressEvery: 1,
      control: { cancelled: false },
      fileName,
      onProgress: (_batch, _total, loss) => {
        lastLoss = loss;
        onBatch();
      },
    });
  if (opts.warmup > 0) await epoch(opts.warmup, undefined, () => undefined);
  // The clock stops after the last batch's loss is read back, so the test pass each epoch ends with is not timed.
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let end = start;
  let cpu = { user: 0, system: 0 };
  await epoch(opts.batches, opts.timeLimitS, () => {
    timedBatches++;
    end = performance.now();
    cpu = process.cpuUsage(cpuStart);
  });
  const seconds = (end - start) / 1000;
  const images = timedBatches * opts.batch;
  return {
    built,
    paramCount: built.paramCount,
    images,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    imagesPerSec: images / seconds,
    lastLoss,
  };
}

/** Frees a run's Net: its optimizer slots and every variable (the bench builds one Net at a time). */
export function releaseZooNet(run: { built: BuiltNet }): void {
  (run.built.net.optimizer as tf.Optimizer | undefined)?.dispose();
  tf.disposeVariables();
}
