/**
 * Trains one stored variant and records everything on the way: the run (backend, status, failure
 * reason, accuracy, duration, parameters), each epoch and the batch-level loss curve. Shared by the cycle and the host's
 * "Train Current Net", so a run looks the same in the history whoever started it.
 */
import type { DownloadProgress } from '../datasets/fetch';
import type { EpochMetrics, ProgressMessage, ReadyMessage } from '../../shared/trainerProtocol';
import type { HistoryStore } from '../store/historyStore';
import type { BatchLossPoint } from '../store/storeTypes';
import type { TrainOutcome, TrainPort } from './trainPort';

/** The variant to train (already in the store) and what to train it on. */
export interface RecordedJob {
  readonly variantId: string;
  readonly name: string;
  readonly code: string;
  readonly fileName: string;
  readonly dataset: string;
  readonly hyperparameters: Readonly<Record<string, number>>;
  readonly signal?: AbortSignal;
}

/** Live hooks for views; the store is written whether or not anyone listens. */
export interface RecordHooks {
  readonly onRunStarted?: (runId: number) => void;
  readonly onReady?: (ready: ReadyMessage) => void;
  readonly onProgress?: (progress: ProgressMessage) => void;
  readonly onEpoch?: (epoch: EpochMetrics) => void;
  readonly onDataset?: (progress: DownloadProgress) => void;
}

/** The run's id, how it ended, and its test accuracy when it finished well. */
export interface RecordedRun {
  readonly runId: number;
  readonly outcome: TrainOutcome;
  readonly accuracy: number | null;
}

/**
 * Trains and records; the variant's status becomes `trained`, `failed`, or `queued` again when
 * cancelled — except that an admitted or rejected variant keeps its cycle's verdict.
 */
export async function trainAndRecord(
  store: HistoryStore,
  train: TrainPort,
  job: RecordedJob,
  hooks: RecordHooks = {},
  now: () => number = Date.now,
): Promise<RecordedRun> {
  // A cycle's verdict (admitted / rejected) outlives a later re-training of the same code.
  const before = store.getVariant(job.variantId)?.status;
  const verdict = before === 'admitted' || before === 'rejected' ? before : undefined;
  const runId = store.startRun({
    variantId: job.variantId,
    dataset: job.dataset,
    hyperparameters: { ...job.hyperparameters },
    status: 'running',
    startedAt: now(),
  });
  store.setVariantStatus(job.variantId, 'training');
  hooks.onRunStarted?.(runId);
  // Progress points wait here and go to the store with their epoch's row (and, for a run that
  // stops mid-epoch, at its end): one store call per epoch, not one per progress message. The
  // store drops the NaN losses a Net that hides its loss reports.
  let pending: BatchLossPoint[] = [];
  const recordPending = (): void => {
    store.addBatchLoss(runId, pending);
    pending = [];
  };
  const outcome = await train({
    source: job.code,
    fileName: job.fileName,
    dataset: job.dataset,
    hyperparameters: job.hyperparameters,
    runId,
    signal: job.signal,
    onReady: (ready) => {
      store.updateRun(runId, { backend: ready.backend });
      hooks.onReady?.(ready);
    },
    onProgress: (progress) => {
      pending.push([(progress.epoch - 1) * progress.totalBatches + progress.batch, progress.loss]);
      hooks.onProgress?.(progress);
    },
    onDataset: hooks.onDataset,
    onEpoch: (metrics) => {
      recordPending();
      store.addEpoch(runId, {
        epoch: metrics.epoch,
        trainLoss: metrics.trainLoss,
        trainAccuracy: metrics.trainAccuracy,
        testLoss: null,
        testAccuracy: metrics.testAccuracy,
        durationMs: metrics.durationS * 1000,
        samplesPerSecond: metrics.samplesPerSec,
      });
      hooks.onEpoch?.(metrics);
    },
  });
  recordPending();
  const last = outcome.epochs[outcome.epochs.length - 1];
  const accuracy = outcome.status === 'ok' ? (outcome.summary?.finalTestAccuracy ?? last?.testAccuracy ?? null) : null;
  store.updateRun(runId, {
    status: outcome.status === 'ok' ? 'completed' : outcome.status === 'cancelled' ? 'cancelled' : 'failed',
    failureReason:
      outcome.status !== 'ok'
        ? `${outcome.reason ?? outcome.status}${outcome.message ? `: ${outcome.message}` : ''}`
        : // A run the worker pool had to start again says so, though it finished well.
          (outcome.attempts ?? 1) > 1
          ? `retried: ${outcome.message ?? `${outcome.attempts} attempts`}`
          : null,
    endedAt: now(),
    testAccuracy: accuracy ?? last?.testAccuracy ?? null,
    durationMs: outcome.summary ? outcome.summary.totalDurationS * 1000 : null,
    paramCount: outcome.summary?.paramCount ?? last?.paramCount ?? null,
  });
  store.setVariantStatus(
    job.variantId,
    verdict ?? (outcome.status === 'cancelled' ? 'queued' : accuracy === null ? 'failed' : 'trained'),
  );
  return { runId, outcome, accuracy };
}
