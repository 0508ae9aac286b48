/**
 * The worker side of the queue: takes training jobs from Redis, trains each in its own sandboxed
 * trainer process — the same `createTrainPort` a local cycle uses, so the same sandbox, limits and
 * dataset lookup — and reports the trainer's progress and outcome back through the queue. It never
 * touches a store: the host that queued the job records it.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import type { TrainOutcome } from '../core/cycle/trainPort';
import type { TrainerClientOptions } from '../core/training/trainerClient';
import { createTrainPort } from '../core/training/trainerProcessPorts';
import { cancelKey, parseWorkerJob, workerProtocolVersion, workerQueueName } from '../shared/workerProtocol';
import type { WorkerAttempt, WorkerEvent, WorkerResult } from '../shared/workerProtocol';
import { openRedis, probeRedis } from './redisConnection';

/** How a worker runs. */
export interface TrainWorkerOptions {
  readonly redisUrl: string;
  /** Jobs trained at once, each in its own trainer process. */
  readonly concurrency: number;
  /** The sandboxed trainer's settings (dataset cache, memory cap, time limits). */
  readonly client: TrainerClientOptions;
  /** A folder that holds the datasets' files (as `nngpt train --data-dir`). */
  readonly dataDir?: string;
  /** wasm threads per trainer. */
  readonly wasmThreads: number;
  /** A job whose worker stops renewing its lock this long is stalled; default 30 s. */
  readonly lockDurationMs?: number;
  /** How often this worker looks for stalled jobs; default 30 s. */
  readonly stalledIntervalMs?: number;
  /** Restarts a stalled job gets before it fails; default 2. */
  readonly maxStalledCount?: number;
  /** The name in progress events and results; default host:pid. */
  readonly name?: string;
  readonly log?: (line: string) => void;
}

/** A running worker. */
export interface TrainWorker {
  readonly name: string;
  /** Stops taking jobs, hands running ones back to the queue (another worker restarts them) and closes. */
  stop(): Promise<void>;
}

/** A job this worker is training. */
interface ActiveJob {
  readonly controller: AbortController;
  /** Set by `stop()`: the job goes back to the queue instead of ending as cancelled. */
  released: boolean;
}

/** How often running jobs look for their cancel flag. */
const cancelPollMs = 500;
/** How long `stop()` waits for running jobs to go back to the queue (and Redis to confirm). */
const closeWaitMs = 15_000;

/** Connects (failing fast with the URL named) and starts taking jobs. */
export async function startTrainWorker(options: TrainWorkerOptions): Promise<TrainWorker> {
  const log = options.log ?? (() => undefined);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  await probeRedis(options.redisUrl);
  const flags = openRedis(options.redisUrl, log);
  const active = new Map<string, ActiveJob>();

  const processJob = async (job: Job, token?: string): Promise<WorkerResult> => {
    const parsed = parseWorkerJob(job.data);
    if (!parsed.ok) {
      log(`refused job ${job.id}: ${parsed.message}`);
      // Another worker may speak that version; a malformed job will not get better.
      const versionOk = (job.data as { protocol?: unknown })?.protocol === workerProtocolVersion;
      throw versionOk ? new UnrecoverableError(parsed.message) : new Error(parsed.message);
    }
    const request = parsed.value;
    const attempt: WorkerAttempt = {
      protocol: workerProtocolVersion,
      attemptId: randomUUID(),
      attempt: Math.max(1, job.attemptsStarted),
      worker: name,
    };
    const id = String(job.id);
    const entry: ActiveJob = { controller: new AbortController(), released: false };
    if (await flags.exists(cancelKey(id)))
      return {
        ...attempt,
        status: 'cancelled',
        reason: 'cancelled',
        message: 'cancelled before it started',
        epochs: [],
      };
    active.set(id, entry);
    log(
      `job ${id}: ${request.fileName}${request.runId !== undefined ? ` (run ${request.runId})` : ''}, attempt ${attempt.attempt}`,
    );
    // Events go out in order, and all of them before the result, so the host's record is whole.
    let sent: Promise<unknown> = Promise.resolve();
    const send = (event: WorkerEvent) => {
      sent = sent
        .then(() => job.updateProgress(event))
        .catch((e: unknown) => log(`job ${id}: ${(e as Error).message}`));
    };
    const train = createTrainPort(options.client, {
      ...request.spec,
      dataDir: options.dataDir,
      wasmThreads: options.wasmThreads,
    });
    let outcome: TrainOutcome;
    try {
      outcome = await train({
        source: request.source,
        fileName: request.fileName,
        dataset: request.dataset,
        hyperparameters: request.hyperparameters,
        signal: entry.controller.signal,
        onReady: (ready) => send({ ...attempt, kind: 'ready', ready }),
        onProgress: (progress) => send({ ...attempt, kind: 'progress', progress }),
        onEpoch: (epoch) => send({ ...attempt, kind: 'epoch', epoch }),
        onDataset: (dataset) => send({ ...attempt, kind: 'dataset', dataset }),
      });
      await sent;
    } finally {
      active.delete(id);
    }
    if (entry.released && outcome.status === 'cancelled') {
      // Shutting down: back to the queue for another worker, without spending one of its attempts.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    log(`job ${id}: ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''}`);
    return {
      ...attempt,
      status: outcome.status,
      reason: outcome.reason,
      message: outcome.message,
      epochs: [...outcome.epochs],
      summary: outcome.summary,
    };
  };

  const workerClient = openRedis(options.redisUrl, log);
  const worker = new Worker(workerQueueName, processJob, {
    connection: workerClient,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
    name,
  });
  worker.on('error', (e) => log(`worker: ${e.message}`));
  worker.on('failed', (job, e) => job && log(`job ${job.id} failed: ${e.message}`));

  const poll = setInterval(() => {
    for (const [id, entry] of active)
      flags
        .exists(cancelKey(id))
        .then((n) => {
          if (n > 0 && !entry.controller.signal.aborted) {
            log(`job ${id}: cancelled by the host`);
            entry.controller.abort();
          }
        })
        .catch(() => undefined);
  }, cancelPollMs);

  await worker.waitUntilReady();
  return {
    name,
    async stop() {
      clearInterval(poll);
      for (const entry of active.values()) {
        entry.released = true;
        entry.controller.abort();
      }
      // With Redis away, close() waits for it; a worker told to stop must stop all the same.
      const closed = worker.close().then(() => true);
      const timeout = new Promise<boolean>((done) => setTimeout(() => done(false), closeWaitMs).unref());
      if (!(await Promise.race([closed, timeout])))
        log(`Redis did not answer within ${closeWaitMs / 1000} s; closing anyway`);
      workerClient.disconnect();
      flags.disconnect();
    },
  };
}
