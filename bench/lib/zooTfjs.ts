// The TF.js side of `npm run bench:zoo`, through the trainer's own code: a zoo Net file is
// transpiled and evaluated as the trainer evaluates generated Nets, built with buildNet (dummy
// forward, trainable-parameter count), set up with setUpTraining (loss probe) and trained by
// runEpoch on random pixels — the Net's own learn() over the trainer's batch iterator.
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
  /** Timed batches. */
  batches: number;
  backend: string;
  hyperparameters: Record<string, number>;
}

/** Builds the Net at `info`'s shape and trains warm-up plus timed batches through the trainer's epoch loop. */
export async function trainZooNet(mod: NetModule, fileName: string, info: DatasetInfo, opts: ZooRunOptions): Promise<ZooRun> {
  const built = await buildNet(mod, declaredHyperparameters(mod), info, opts.batch, opts.hyperparameters, opts.backend, fileName);
  const probe = setUpTraining(built, fileName);
  const total = opts.warmup + opts.batches;
  const train = syntheticSplit(info, total * opts.batch);
  const test = syntheticSplit(info, opts.batch, 2);
  let start = performance.now();
  let cpuStart = process.cpuUsage();
  let end = start;
  let cpu = { user: 0, system: 0 };
  let lastLoss = Number.NaN;
  await runEpoch({
    net: built.net, probe, info, train, test,
    epoch: 1, batchSize: opts.batch, seed: 1, augment: false, maxTrainBatches: total, progressEvery: 1,
    control: { cancelled: false }, fileName,
    // Called after each batch's loss is read back: the clock starts after the warm-up and stops
    // after the last training batch, so the test pass runEpoch ends with is not timed.
    onProgress: (batch, _total, loss) => {
      lastLoss = loss;
      if (batch === opts.warmup) {
        start = performance.now();
        cpuStart = process.cpuUsage();
      } else if (batch === total) {
        end = performance.now();
        cpu = process.cpuUsage(cpuStart);
      }
    },
  });
  const seconds = (end - start) / 1000;
  const images = opts.batches * opts.batch;
  return { built, paramCount: built.paramCount, images, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, imagesPerSec: images / seconds, lastLoss };
}

/** Frees a run's Net: its optimizer slots and every variable (the bench builds one Net at a time). */
export function releaseZooNet(run: { built: BuiltNet }): void {
  (run.built.net.optimizer as tf.Optimizer | undefined)?.dispose();
  tf.disposeVariables();
}
