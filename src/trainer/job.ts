/**
 * One trainer job, start to end: choose the backend, load the Net in the sandbox, then either the
 * execution check or the proxy training over the run's epochs. Reports through `send` only, never
 * throws: every failure ends as one `error` message with a named reason.
 */
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../core/datasets/load';
import { getDataset } from '../core/datasets/registry';
import { DatasetError } from '../core/datasets/types';
import type { DatasetInfo, LoadedDataset } from '../core/datasets/types';
import type { EpochMetrics, FailureReason, RunSummary, StartMessage, TrainerToHost } from '../shared/trainerProtocol';
import type { LadderResult } from './backends/ladder';
import { NoBackendError, chooseBackend, defaultRungs } from './backends/ladder';
import type { Rung } from './backends/rung';
import { epochBatches } from '../core/training/pace';
import type { BatchStartListener, JobControl } from './run/epochLoop';
import { runEpoch } from './run/epochLoop';
import { executionCheck, setUpTraining } from './run/executionCheck';
import { backendFaultMessage, isBackendFault, setRunningBackend } from './run/backendFault';
import { RunFailure, describeThrown, isOutOfMemory } from './run/failure';
import { buildNet } from './run/netInstance';
import { declaredHyperparameters, evaluateNet } from './sandbox/evaluateNet';

/** What a job needs from its surroundings (tests pass fakes). */
export interface JobDeps {
  send(message: TrainerToHost): void;
  control: JobControl;
  /** Replaces the backend ladder (tests). */
  rungs?: Rung[];
  /** Replaces the dataset loader (tests). */
  loadData?: (info: DatasetInfo, dir: string) => LoadedDataset;
}

/** Batches between progress messages: the live chart and each run's stored loss curve (≈ 94 points per Fashion-MNIST epoch at batch 64). */
const defaultProgressEvery = 10;

const rssMB = () => Math.round(process.memoryUsage().rss / 1048576);

function classify(e: unknown): { reason: FailureReason; message: string } {
  if (e instanceof RunFailure) return { reason: e.reason, message: e.message };
  if (e instanceof NoBackendError) return { reason: 'backend', message: e.message };
  if (e instanceof DatasetError) return { reason: 'dataset', message: e.message };
  if (isOutOfMemory(e)) return { reason: 'oom', message: `out of memory: ${describeThrown(e)}` };
  if (isBackendFault(e)) return { reason: 'backend', message: backendFaultMessage('the run', describeThrown(e)) };
  return { reason: 'crash', message: `trainer error: ${describeThrown(e)}` };
}

/** Heartbeats for the host's no-progress watchdog: one as each batch of `epoch` starts. */
function heartbeats(start: StartMessage, deps: JobDeps, epoch: number): BatchStartListener {
  return (phase, batch, totalBatches) =>
    deps.send({ type: 'heartbeat', runId: start.runId, phase, epoch, batch, totalBatches });
}

async function train(start: StartMessage, ladder: LadderResult, deps: JobDeps, summary: RunSummary): Promise<void> {
  const { spec } = start;
  const info = getDataset(spec.dataset);
  if (!spec.dataDir)
    throw new DatasetError(
      `no data folder was given for ${info.title}; the host resolves it before starting the trainer`,
    );
  const mod = evaluateNet(start.netCode, start.netFileName);
  deps.send({ type: 'heartbeat', runId: start.runId, phase: 'loading' });
  const data = (deps.loadData ?? loadDataset)(info, spec.dataDir);
  deps.send({ type: 'heartbeat', runId: start.runId, phase: 'building' });
  const declared = declaredHyperparameters(mod);
  const built = await buildNet(
    mod,
    declared,
    info,
    spec.batchSize,
    spec.hyperparameters,
    ladder.backend,
    start.netFileName,
  );
  summary.paramCount = built.paramCount;
  summary.hyperparameters = built.prm;
  const probe = setUpTraining(built, start.netFileName);
  for (let epoch = 1; epoch <= spec.epochs; epoch++) {
    const r = await runEpoch({
      net: built.net,
      probe,
      info,
      train: data.train,
      test: data.test,
      epoch,
      batchSize: spec.batchSize,
      randomSeed: spec.randomSeed ?? 1,
      augment: spec.augment ?? false,
      maxTrainBatches: spec.maxTrainBatches,
      epochTimeLimitS: spec.epochTimeLimitS,
      progressEvery: spec.progressEvery ?? defaultProgressEvery,
      control: deps.control,
      fileName: start.netFileName,
      onBatchStart: heartbeats(start, deps, epoch),
      onProgress: (batch, totalBatches, loss, samplesPerSec) =>
        deps.send({ type: 'progress', runId: start.runId, epoch, batch, totalBatches, loss, samplesPerSec }),
    });
    const metrics: EpochMetrics = {
      epoch,
      trainLoss: r.trainLoss,
      trainAccuracy: r.trainAccuracy,
      testAccuracy: r.testAccuracy,
      durationS: r.durationS,
      samplesPerSec: r.samplesPerSec,
      batches: r.batches,
      stoppedEarly: r.stoppedEarly,
      backend: ladder.backend,
      paramCount: built.paramCount,
      numTensors: tf.memory().numTensors,
      rssMB: rssMB(),
    };
    summary.peakRssMB = Math.max(summary.peakRssMB, metrics.rssMB);
    summary.epochs = epoch;
    summary.finalTestAccuracy = r.testAccuracy;
    summary.bestTestAccuracy = Math.max(summary.bestTestAccuracy ?? 0, r.testAccuracy);
    deps.send({ type: 'epoch', runId: start.runId, ...metrics });
  }
}

/** Rejects a malformed start message before any work, with what was wrong. */
function validateStart(start: StartMessage): void {
  const { spec } = start;
  const problems: string[] = [];
  if (typeof start.netCode !== 'string' || start.netCode.length === 0) problems.push('netCode is empty');
  if (!spec || typeof spec !== 'object') throw new RunFailure('protocol', 'start message without a spec');
  if (!Number.isInteger(spec.epochs) || spec.epochs < 1)
    problems.push(`epochs must be a whole number ≥ 1 (got ${spec.epochs})`);
  if (!Number.isInteger(spec.batchSize) || spec.batchSize < 1 || spec.batchSize > 4096)
    problems.push(`batchSize must be 1…4096 (got ${spec.batchSize})`);
  if (spec.maxTrainBatches !== undefined && !(spec.maxTrainBatches >= 1)) problems.push('maxTrainBatches must be ≥ 1');
  if (spec.epochBudgetS !== undefined && !(spec.epochBudgetS > 0))
    problems.push(`epochBudgetS must be a positive number of seconds (got ${spec.epochBudgetS})`);
  if (
    spec.wasmThreads !== undefined &&
    !(Number.isInteger(spec.wasmThreads) && spec.wasmThreads >= 1 && spec.wasmThreads <= 64)
  )
    problems.push(`wasmThreads must be a whole number 1…64 (got ${spec.wasmThreads})`);
  if (typeof spec.hyperparameters !== 'object' || spec.hyperparameters === null)
    problems.push('hyperparameters must be an object');
  if (problems.length > 0) throw new RunFailure('protocol', `invalid run spec: ${problems.join('; ')}`);
}

/** Runs one job and reports it; resolves when the final `done` or `error` has been sent. */
export async function runJob(start: StartMessage, deps: JobDeps): Promise<void> {
  const t0 = performance.now();
  const { spec, runId } = start;
  try {
    validateStart(start);
    setRunningBackend(undefined);
    const ladder = await chooseBackend(
      { forced: spec.backend, skip: spec.skipBackends },
      deps.rungs ?? defaultRungs(spec.wasmThreads),
    );
    setRunningBackend(ladder.backend);
    deps.send({
      type: 'ready',
      runId,
      backend: ladder.backend,
      skipped: ladder.skipped,
      adapterInfo: ladder.adapterInfo,
      note: ladder.note,
    });
    if (ladder.note) deps.send({ type: 'log', runId, level: 'info', message: `${ladder.backend}: ${ladder.note}` });
    const summary: RunSummary = {
      op: start.op,
      dataset: spec.dataset,
      backend: ladder.backend,
      skipped: ladder.skipped,
      adapterInfo: ladder.adapterInfo,
      backendNote: ladder.note,
      paramCount: 0,
      epochs: 0,
      totalDurationS: 0,
      peakRssMB: rssMB(),
      hyperparameters: {},
    };
    if (start.op === 'check') {
      deps.send({ type: 'heartbeat', runId, phase: 'building' });
      const mod = evaluateNet(start.netCode, start.netFileName);
      const info = getDataset(spec.dataset);
      const outcome = await executionCheck(
        mod,
        info,
        spec.batchSize,
        spec.hyperparameters,
        ladder.backend,
        start.netFileName,
        deps.control,
        spec.paramBudget,
        {
          epochBudgetS: spec.epochBudgetS,
          epochBatches: epochBatches(info.trainCount, spec.batchSize, spec.maxTrainBatches),
          onBatchStart: heartbeats(start, deps, 1),
        },
      );
      summary.paramCount = outcome.paramCount;
      summary.hyperparameters = outcome.prm;
    } else {
      await train(start, ladder, deps, summary);
    }
    summary.totalDurationS = (performance.now() - t0) / 1000;
    summary.peakRssMB = Math.max(summary.peakRssMB, rssMB());
    deps.send({ type: 'done', runId, summary });
  } catch (e) {
    deps.send({ type: 'error', runId, ...classify(e) });
  }
}
