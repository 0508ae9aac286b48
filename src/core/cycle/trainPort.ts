/**
 * How the cycle (and the host's Train command) asks for training, as a port: the real one forks
 * the sandboxed trainer process; tests pass a fake that returns scripted metrics.
 */
import type { DownloadProgress } from '../datasets/fetch';
import type { EpochMetrics, ProgressMessage, ReadyMessage, RunSummary } from '../../shared/trainerProtocol';

/** One training job: the Net as written and what to train it on. */
export interface TrainJob {
  readonly source: string;
  readonly fileName: string;
  readonly dataset: string;
  readonly hyperparameters: Readonly<Record<string, number>>;
  /** The store's id of the run this job is recorded as (a queue names it in the worker's log). */
  readonly runId?: number;
  readonly signal?: AbortSignal;
  readonly onReady?: (ready: ReadyMessage) => void;
  readonly onProgress?: (progress: ProgressMessage) => void;
  readonly onEpoch?: (epoch: EpochMetrics) => void;
  /** Download progress while the dataset is fetched for the first time. */
  readonly onDataset?: (progress: DownloadProgress) => void;
}

/** How a job ended. A failed job names its reason in words that can be shown or fed to an LLM. */
export interface TrainOutcome {
  readonly status: 'ok' | 'failed' | 'cancelled';
  readonly reason?: string;
  readonly message?: string;
  readonly epochs: readonly EpochMetrics[];
  readonly summary?: RunSummary;
  /** How many times a worker started the job (the queue's port; absent for a local trainer). */
  readonly attempts?: number;
  /** The worker the job finished on (the queue's port). */
  readonly worker?: string;
}

/** Trains one Net; never throws for a failed run (the outcome says so). */
export type TrainPort = (job: TrainJob) => Promise<TrainOutcome>;
