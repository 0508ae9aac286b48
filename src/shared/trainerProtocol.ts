/**
 * The typed messages between the host (extension or CLI) and the forked trainer process.
 * Both sides import this file; nothing here touches Node or TF.js, so it stays pure data.
 */

/** Backend names the ladder knows, best first. */
export const backendNames = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
/** One rung of the backend ladder. */
export type BackendName = (typeof backendNames)[number];

/** What a run trains on and how; the epochs and hyperparameters come from the run's spec. */
export interface TrainSpec {
  /** A dataset id from the registry, e.g. `fashion-mnist`. */
  dataset: string;
  epochs: number;
  batchSize: number;
  /** Values the Net reads from `prm`; each lies in [0, 1]. */
  hyperparameters: Record<string, number>;
  /** NNGPT's epoch time limit: the batch iterator stops early once it is spent. */
  epochTimeLimitS?: number;
  /** Stops each epoch after this many batches (quick runs, tests). */
  maxTrainBatches?: number;
  /** Forces one rung of the ladder; skipped rungs are still reported. */
  backend?: BackendName;
  /** Rungs never to try. */
  skipBackends?: BackendName[];
  /** Folder that holds the dataset's files (the host resolves and downloads it before the run). */
  dataDir?: string;
  /** Largest parameter count the execution check accepts. */
  paramBudget?: number;
  /**
   * Longest estimated epoch (seconds) the execution check accepts: it times its training batches,
   * projects them onto one epoch of the real dataset and refuses a slower Net as `too-slow`.
   */
  epochBudgetS?: number;
  /** Random seed of the batch shuffle, so runs repeat. */
  randomSeed?: number;
  /** Horizontal-flip augmentation; applied only where the dataset allows it. */
  augment?: boolean;
  /** Sends a `progress` message every this many batches. */
  progressEvery?: number;
  /**
   * XNNPACK threads for the wasm rung (1 when absent). The host and the CLI resolve the setting
   * (0: every core) to a count before the spec gets here. More than 1 starts worker threads, so the
   * host forks the trainer with workers allowed (sandboxArgs' `allowWorkers`).
   */
  wasmThreads?: number;
}

/** Host → trainer: run one job. */
export interface StartMessage {
  type: 'start';
  runId: string;
  /** `train`: the proxy protocol; `check`: the execution check only. */
  op: 'train' | 'check';
  /** The Net as written (TypeScript or JavaScript), for messages and records. */
  netSource: string;
  /** The Net as CommonJS, transpiled by the host (the sandboxed trainer may not spawn esbuild). */
  netCode: string;
  netFileName: string;
  spec: TrainSpec;
}

/** Host → trainer: stop the running job at the next batch boundary. */
export interface CancelMessage {
  type: 'cancel';
  runId: string;
}

/** Everything the host sends. */
export type HostToTrainer = StartMessage | CancelMessage;

/** A rung the ladder passed over, with the reason shown to the user. */
export interface SkippedBackend {
  backend: BackendName;
  reason: string;
}

/** What a GPU adapter says about itself (WebGPU rung). */
export interface AdapterInfo {
  name: string;
  vendor?: string;
  architecture?: string;
  limits: Record<string, number>;
}

/** Trainer → host: the backend is chosen; sent once per job before any work. */
export interface ReadyMessage {
  type: 'ready';
  runId: string;
  backend: BackendName;
  skipped: SkippedBackend[];
  adapterInfo?: AdapterInfo;
  /** Facts about the chosen backend, e.g. "SIMD on, 2 threads". */
  note?: string;
}

/** Where a job is: the host's no-progress watchdog names it when a job stops answering. */
export type JobPhase = 'loading' | 'building' | 'batch' | 'evaluation';

/**
 * Trainer → host: the job entered a phase. Every training batch sends one as it starts (and every
 * evaluation batch), so a batch that never ends is a silence the host can time.
 */
export interface HeartbeatMessage {
  type: 'heartbeat';
  runId: string;
  phase: JobPhase;
  epoch?: number;
  /** 1-based batch of the epoch (or of the evaluation) now starting. */
  batch?: number;
  /** Batches in this epoch (or evaluation). */
  totalBatches?: number;
}

/** Trainer → host: a training batch finished (every `progressEvery` batches). */
export interface ProgressMessage {
  type: 'progress';
  runId: string;
  epoch: number;
  batch: number;
  totalBatches: number;
  /** Loss of the latest batch, or NaN when the Net's optimizer hid it. */
  loss: number;
  samplesPerSec: number;
}

/** Metrics of one finished epoch (NNGPT logs these per epoch). */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  durationS: number;
  samplesPerSec: number;
  /** Batches actually trained (the epoch time limit or maxTrainBatches may cut it short). */
  batches: number;
  stoppedEarly: boolean;
  backend: BackendName;
  paramCount: number;
  numTensors: number;
  rssMB: number;
}

/** Trainer → host: an epoch finished. */
export interface EpochMessage extends EpochMetrics {
  type: 'epoch';
  runId: string;
}

/** The outcome of a whole job. */
export interface RunSummary {
  op: 'train' | 'check';
  dataset: string;
  backend: BackendName;
  skipped: SkippedBackend[];
  adapterInfo?: AdapterInfo;
  /** Facts about the chosen backend, e.g. "SIMD on, 2 threads". */
  backendNote?: string;
  paramCount: number;
  epochs: number;
  finalTestAccuracy?: number;
  bestTestAccuracy?: number;
  totalDurationS: number;
  peakRssMB: number;
  hyperparameters: Record<string, number>;
}

/** Trainer → host: the job ended well. */
export interface DoneMessage {
  type: 'done';
  runId: string;
  summary: RunSummary;
}

/**
 * Why a job failed; the host records it with the run. `timeout`: the whole run's wall time ran out;
 * `hung`: a phase (start-up, a batch, evaluation) sent nothing within the no-progress limit;
 * `too-slow`: the execution check's epoch estimate was over budget, or its time limit ran out.
 */
export type FailureReason =
  | 'nan-loss'
  | 'timeout'
  | 'hung'
  | 'too-slow'
  | 'oom'
  | 'tensor-leak'
  | 'net-error'
  | 'check-failed'
  | 'dataset'
  | 'backend'
  | 'cancelled'
  | 'sandbox'
  | 'crash'
  | 'protocol';

/** Trainer → host: the job failed; `message` is phrased so it can go back to an LLM for repair. */
export interface ErrorMessage {
  type: 'error';
  runId: string;
  reason: FailureReason;
  message: string;
}

/** Trainer → host: a line for the log channel. */
export interface LogMessage {
  type: 'log';
  runId: string;
  level: 'info' | 'warn';
  message: string;
}

/** Everything the trainer sends. */
export type TrainerToHost =
  ReadyMessage | HeartbeatMessage | ProgressMessage | EpochMessage | DoneMessage | ErrorMessage | LogMessage;

const hostTypes = new Set(['start', 'cancel']);
const trainerTypes = new Set(['ready', 'heartbeat', 'progress', 'epoch', 'done', 'error', 'log']);

function hasType(value: unknown, types: Set<string>): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { type, runId } = value as { type?: unknown; runId?: unknown };
  return typeof type === 'string' && types.has(type) && typeof runId === 'string';
}

/** Narrows an IPC payload to a host message (the trainer ignores anything else). */
export function isHostToTrainer(value: unknown): value is HostToTrainer {
  return hasType(value, hostTypes);
}

/** Narrows an IPC payload to a trainer message (the host ignores anything else). */
export function isTrainerToHost(value: unknown): value is TrainerToHost {
  return hasType(value, trainerTypes);
}
