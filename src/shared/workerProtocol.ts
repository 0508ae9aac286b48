/**
 * The queue between a cycle (the host or `nngpt cycle --redis`) and `nngpt worker` processes on any
 * machine: the BullMQ queue's name, the job a host adds, the progress events a worker reports and
 * the result it returns. Versioned: both sides check `protocol`, and a worker of another version
 * refuses the job instead of guessing. Everything crosses Redis as JSON, so every shape is checked
 * with zod on arrival — whoever can write to the queue can send anything.
 */
import { z } from 'zod';
import { backendNames } from './trainerProtocol';
import type { EpochMetrics, ProgressMessage, ReadyMessage, RunSummary } from './trainerProtocol';

/** The BullMQ queue the hosts add training jobs to and the workers take them from. */
export const workerQueueName = 'nngpt-train';

/**
 * The Redis key that asks the worker running a job to stop it (a running job is locked and cannot
 * be removed); workers look for it while they train.
 */
export function cancelKey(jobId: string): string {
  return `nngpt:cancel:${jobId}`;
}

/** Bumped whenever the job, event or result shape changes meaning. */
export const workerProtocolVersion = 1;

/** Training settings the host decides; the worker adds its own data folder and thread count. */
const jobSpecSchema = z.strictObject({
  epochs: z.number().int().min(1).max(1000),
  batchSize: z.number().int().min(1).max(4096),
  epochTimeLimitS: z.number().positive().optional(),
  maxTrainBatches: z.number().int().positive().optional(),
  backend: z.enum(backendNames).optional(),
  skipBackends: z.array(z.enum(backendNames)).optional(),
  paramBudget: z.number().positive().optional(),
  epochBudgetS: z.number().positive().optional(),
  randomSeed: z.number().int().optional(),
  augment: z.boolean().optional(),
  progressEvery: z.number().int().positive().optional(),
});

/** The spec part of a job. */
export type WorkerJobSpec = z.infer<typeof jobSpecSchema>;

/** What a host adds to the queue: one Net to train, as the local `TrainPort` would. */
const jobSchema = z.strictObject({
  /** Checked before anything else, so a job of another version is refused by name. */
  protocol: z.number().int(),
  /** The host's run id in its store (for the worker's log; the host keeps the record). */
  runId: z.number().int().optional(),
  /** Which host process added the job (one per cycle command or editor session). */
  clientId: z.string().min(1).max(200),
  /** The Net as written. */
  source: z.string().min(1).max(2_000_000),
  fileName: z.string().min(1).max(300),
  dataset: z.string().min(1).max(100),
  /** Values the Net reads, plus `batch` (a size) as in a local job. */
  hyperparameters: z.record(z.string(), z.number()),
  spec: jobSpecSchema,
});

/** A training job on the queue. */
export type WorkerJob = z.infer<typeof jobSchema>;

const readySchema = z.looseObject({
  type: z.literal('ready'),
  runId: z.string(),
  backend: z.enum(backendNames),
  skipped: z.array(z.looseObject({ backend: z.enum(backendNames), reason: z.string() })),
  note: z.string().optional(),
});

const progressSchema = z.looseObject({
  type: z.literal('progress'),
  runId: z.string(),
  epoch: z.number().int().min(1),
  batch: z.number().int().min(0),
  totalBatches: z.number().int().min(0),
  loss: z.number().nullable(),
  samplesPerSec: z.number(),
});

const epochSchema = z.looseObject({
  epoch: z.number().int().min(1),
  trainLoss: z.number().nullable(),
  trainAccuracy: z.number(),
  testAccuracy: z.number(),
  durationS: z.number(),
  samplesPerSec: z.number(),
  batches: z.number(),
  stoppedEarly: z.boolean(),
  backend: z.enum(backendNames),
  paramCount: z.number(),
  numTensors: z.number(),
  rssMB: z.number(),
});

const datasetSchema = z.strictObject({
  dataset: z.string(),
  file: z.string(),
  receivedBytes: z.number(),
  totalBytes: z.number().optional(),
});

/**
 * Which try of a job an event or result belongs to. A job that ran on a worker that died runs
 * again elsewhere; the host keeps only the newest attempt's events.
 */
const attemptSchema = {
  protocol: z.number().int(),
  /** A fresh id each time a worker starts the job. */
  attemptId: z.string().min(1).max(100),
  /** 1 for the first start; BullMQ's count of starts, so a stalled-and-restarted job says 2. */
  attempt: z.number().int().min(1),
  /** The worker's name (host name and process id), for the run's note. */
  worker: z.string().max(300),
};

const eventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...attemptSchema, kind: z.literal('ready'), ready: readySchema }),
  z.strictObject({ ...attemptSchema, kind: z.literal('progress'), progress: progressSchema }),
  z.strictObject({ ...attemptSchema, kind: z.literal('epoch'), epoch: epochSchema }),
  z.strictObject({ ...attemptSchema, kind: z.literal('dataset'), dataset: datasetSchema }),
]);

/** A worker → host progress event (BullMQ's job progress). */
export type WorkerEvent =
  | (WorkerAttempt & { kind: 'ready'; ready: ReadyMessage })
  | (WorkerAttempt & { kind: 'progress'; progress: ProgressMessage })
  | (WorkerAttempt & { kind: 'epoch'; epoch: EpochMetrics })
  | (WorkerAttempt & { kind: 'dataset'; dataset: z.infer<typeof datasetSchema> });

/** The attempt fields every event and result carries. */
export type WorkerAttempt = { protocol: number; attemptId: string; attempt: number; worker: string };

const resultSchema = z.strictObject({
  ...attemptSchema,
  status: z.enum(['ok', 'failed', 'cancelled']),
  reason: z.string().max(100).optional(),
  message: z.string().max(100_000).optional(),
  epochs: z.array(epochSchema),
  summary: z.looseObject({ paramCount: z.number(), totalDurationS: z.number() }).optional(),
});

/** What a worker returns as the job's result: the trainer's outcome. */
export type WorkerResult = WorkerAttempt & {
  status: 'ok' | 'failed' | 'cancelled';
  reason?: string;
  message?: string;
  epochs: EpochMetrics[];
  summary?: RunSummary;
};

/** The words both sides use when the other speaks another protocol version. */
export function protocolMismatch(sender: string, theirs: unknown, ours: number = workerProtocolVersion): string {
  return `${sender} uses nngpt worker protocol ${String(theirs)}, this nngpt speaks protocol ${ours}: run the same nngpt version on the host and on every worker`;
}

/** Reads the protocol field of anything that claims to be one of our payloads. */
function protocolOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { protocol?: unknown }).protocol : undefined;
}

/** A parse that names the first problem in words, or the value. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseWith<T>(schema: z.ZodType, value: unknown, what: string, sender: string): Parsed<T> {
  const protocol = protocolOf(value);
  if (protocol !== workerProtocolVersion) return { ok: false, message: protocolMismatch(sender, protocol) };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data as T };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `${what} is malformed at '${issue.path.join('.')}': ${issue.message}` };
}

/** Checks a job a worker took from the queue. */
export function parseWorkerJob(value: unknown): Parsed<WorkerJob> {
  return parseWith(jobSchema, value, 'the training job', 'the host that queued this job');
}

/** Checks a progress event the host read from the queue. */
export function parseWorkerEvent(value: unknown): Parsed<WorkerEvent> {
  return parseWith(eventSchema, value, "a worker's progress event", 'the worker');
}

/** Checks a job result the host read from the queue. */
export function parseWorkerResult(value: unknown): Parsed<WorkerResult> {
  return parseWith(resultSchema, value, "a worker's result", 'the worker');
}
