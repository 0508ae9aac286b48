/**
 * A `TrainPort` whose jobs go to a BullMQ queue on Redis, where `nngpt worker` processes on any
 * machine take them. The host stays the only writer of its store: a worker's progress events and
 * result come back through the queue and feed the same callbacks a local trainer would, so
 * `trainAndRecord` records a queued run exactly like a local one. Several jobs may be in flight at
 * once; one `QueueEvents` reader serves them all.
 *
 * What can go wrong and what the port does: a worker dies mid-job → BullMQ's stalled-job check
 * (on the surviving workers) starts it again, up to the workers' limit, and the outcome says how
 * many starts it took. Redis restarts and lost the queue → the port adds the job again once Redis
 * is back. Redis stays away longer than `outageLimitMs` → every open job ends as failed with a
 * message naming the URL. Cancel → a waiting job is removed, a running one is flagged for its
 * worker, which stops its trainer.
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { TrainJob, TrainOutcome, TrainPort } from '../core/cycle/trainPort';
import type { SharedSpec } from '../core/training/trainerProcessPorts';
import {
  cancelKey,
  parseWorkerEvent,
  parseWorkerResult,
  workerProtocolVersion,
  workerQueueName,
} from '../shared/workerProtocol';
import type { WorkerJob, WorkerJobSpec } from '../shared/workerProtocol';
import { AttemptRelay, epochFromWire } from './attemptRelay';
import { openRedis, probeRedis } from './redisConnection';
import { redactRedisUrl } from './redisUrl';

/** Where the queue is and how patient the port is with it. */
export interface QueueTrainPortOptions {
  readonly redisUrl: string;
  /** The training settings every job shares (the worker adds its data folder and threads). */
  readonly shared: SharedSpec;
  /** Starts a job may have when a worker throws (a refusal, a broken worker); default 3. */
  readonly attempts?: number;
  /** How long Redis may be away before the open jobs fail; default 60 s. */
  readonly outageLimitMs?: number;
  /** How often open jobs are checked against the queue (a missed event, a lost queue); default 2 s. */
  readonly pollMs?: number;
  /** How long a cancelled running job may take to confirm before the port gives up on it; default 15 s. */
  readonly cancelWaitMs?: number;
  /** The first connection's time limit; default 3 s. */
  readonly connectTimeoutMs?: number;
  /** Connection trouble and other things worth a log line. */
  readonly log?: (line: string) => void;
}

/** The port and the connections behind it. */
export interface QueueTrainPort {
  readonly train: TrainPort;
  /** The same queue with other shared settings (the editor reads them afresh for each cycle). */
  withSpec(shared: SharedSpec): TrainPort;
  /** Closes the connections; jobs still open end as failed. */
  close(): Promise<void>;
}

/** One job this host waits for. */
interface OpenJob {
  jobId: string;
  readonly payload: WorkerJob;
  readonly relay: AttemptRelay;
  readonly finish: (outcome: TrainOutcome) => void;
  /** Times the port added the job again because Redis had lost it. */
  requeued: number;
  cancelled: boolean;
  checking: boolean;
}

/** The spec fields a worker needs; its data folder and wasm threads are its own. */
function jobSpec(shared: SharedSpec, batch: number | undefined): WorkerJobSpec {
  const { dataDir: _dir, wasmThreads: _threads, ...rest } = shared;
  const batchSize = Number.isInteger(batch) && (batch as number) >= 1 ? (batch as number) : shared.batchSize;
  return { ...rest, batchSize };
}

/** How many starts, in words for the outcome's message. */
function attemptsNote(attempts: number, worker: string | undefined, requeued: number): string {
  const parts: string[] = [];
  if (attempts > 1) parts.push(`started ${attempts} times (a worker was lost or stopped, and the job ran again)`);
  if (requeued > 0) parts.push(`queued again ${requeued} time${requeued > 1 ? 's' : ''} after Redis lost it`);
  return parts.length > 0 ? `${parts.join('; ')}; finished on ${worker ?? 'a worker'}` : '';
}

/** Connects (failing fast with the URL named) and returns the port. */
export async function openQueueTrainPort(options: QueueTrainPortOptions): Promise<QueueTrainPort> {
  const url = options.redisUrl;
  const shown = redactRedisUrl(url);
  const log = options.log ?? (() => undefined);
  await probeRedis(url, options.connectTimeoutMs);
  const clientId = `${randomUUID()}`;
  const queueClient = openRedis(url, log);
  const queue = new Queue(workerQueueName, { connection: queueClient });
  const eventsClient = openRedis(url, log);
  const events = new QueueEvents(workerQueueName, { connection: eventsClient });
  queue.on('error', (e) => log(`queue: ${e.message}`));
  events.on('error', (e) => log(`queue events: ${e.message}`));
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);

  const open = new Map<string, OpenJob>();
  let sequence = 0;
  let downSince: number | undefined;
  const outageLimitMs = options.outageLimitMs ?? 60_000;

  const finishWith = (entry: OpenJob, outcome: TrainOutcome) => {
    open.delete(entry.jobId);
    entry.finish(outcome);
  };

  const fromResult = (entry: OpenJob, value: unknown) => {
    const parsed = parseWorkerResult(typeof value === 'string' ? safeJson(value) : value);
    if (!parsed.ok)
      return finishWith(entry, { status: 'failed', reason: 'protocol', message: parsed.message, epochs: [] });
    const r = parsed.value;
    // Epochs whose events never arrived (read while Redis was away) still reach the record.
    const { protocol, attemptId, attempt, worker } = r;
    for (const epoch of r.epochs) entry.relay.relay({ protocol, attemptId, attempt, worker, kind: 'epoch', epoch });
    const note = attemptsNote(r.attempt, r.worker, entry.requeued);
    finishWith(entry, {
      status: r.status,
      reason: r.reason,
      message: [r.message, note].filter(Boolean).join('; ') || undefined,
      epochs: r.epochs.map(epochFromWire),
      summary: r.summary,
      attempts: r.attempt + entry.requeued,
      worker: r.worker,
    });
  };

  const add = async (entry: OpenJob) => {
    await queue.add('train', entry.payload, {
      jobId: entry.jobId,
      attempts: options.attempts ?? 3,
      backoff: { type: 'fixed', delay: 1000 },
      // Kept a while so a host that missed the completion event still finds the result.
      removeOnComplete: { age: 3600 },
      removeOnFail: { age: 24 * 3600 },
    });
  };

  /** Compares one open job with the queue: finished, failed, or lost with a restarted Redis. */
  const check = async (entry: OpenJob) => {
    if (entry.checking || downSince !== undefined) return;
    entry.checking = true;
    try {
      const job = await queue.getJob(entry.jobId);
      if (!open.has(entry.jobId)) return;
      if (!job) {
        if (entry.cancelled) return finishWith(entry, cancelledOutcome(entry));
        // Redis came back without our job (restarted without persistence): add it again, under a
        // new id so a worker still busy with the lost one cannot report into it.
        open.delete(entry.jobId);
        entry.requeued++;
        entry.relay.requeued();
        entry.jobId = `${entry.payload.clientId}-${entry.payload.runId ?? 'job'}-${++sequence}`;
        open.set(entry.jobId, entry);
        log(`Redis at ${shown} lost job ${entry.payload.fileName}; queued it again`);
        await add(entry);
        return;
      }
      const state = await job.getState();
      if (state === 'completed') fromResult(entry, job.returnvalue);
      else if (state === 'failed')
        finishWith(entry, {
          status: 'failed',
          reason: 'worker',
          message: `the queue gave up on the job after ${job.attemptsStarted} start(s): ${job.failedReason}`,
          epochs: [],
          attempts: job.attemptsStarted,
        });
    } catch (e) {
      log(`checking job ${entry.jobId}: ${(e as Error).message}`);
    } finally {
      entry.checking = false;
    }
  };

  const cancelledOutcome = (entry: OpenJob): TrainOutcome => ({
    status: 'cancelled',
    reason: 'cancelled',
    message: 'cancelled',
    epochs: [],
    attempts: entry.relay.attempts || undefined,
  });

  const cancel = async (entry: OpenJob) => {
    entry.cancelled = true;
    if (downSince !== undefined) {
      // Redis is away: leave the flag for when it returns and stop waiting now.
      queueClient.set(cancelKey(entry.jobId), '1', 'EX', 3600).catch(() => undefined);
      return finishWith(entry, cancelledOutcome(entry));
    }
    try {
      const job = await queue.getJob(entry.jobId);
      const state = job ? await job.getState() : 'missing';
      if (state === 'missing' || state === 'waiting' || state === 'delayed' || state === 'prioritized') {
        await job?.remove();
        return finishWith(entry, cancelledOutcome(entry));
      }
    } catch {
      // It became active while we looked (a locked job cannot be removed): flag it instead.
    }
    await queueClient.set(cancelKey(entry.jobId), '1', 'EX', 3600);
    const jobId = entry.jobId;
    setTimeout(() => {
      const still = open.get(jobId);
      if (still) finishWith(still, { ...cancelledOutcome(still), message: 'cancelled; the worker did not confirm' });
    }, options.cancelWaitMs ?? 15_000).unref();
  };

  events.on('progress', ({ jobId, data }) => {
    const entry = open.get(jobId);
    if (!entry) return;
    const parsed = parseWorkerEvent(data);
    if (parsed.ok) entry.relay.relay(parsed.value);
    else log(`job ${jobId}: ${parsed.message}`);
  });
  events.on('completed', ({ jobId, returnvalue }) => {
    const entry = open.get(jobId);
    if (entry) fromResult(entry, returnvalue);
  });
  // A failed start may be retried: the queue's state says whether it is final.
  events.on('failed', ({ jobId }) => {
    const entry = open.get(jobId);
    if (entry) void check(entry);
  });

  queueClient.on('close', () => {
    if (downSince === undefined) {
      downSince = Date.now();
      if (open.size > 0) log(`lost the connection to Redis at ${shown}; reconnecting`);
    }
  });
  queueClient.on('ready', () => {
    if (downSince === undefined) return;
    downSince = undefined;
    log(`reconnected to Redis at ${shown}`);
    for (const entry of [...open.values()]) void check(entry);
  });

  const poll = setInterval(() => {
    if (downSince !== undefined && Date.now() - downSince > outageLimitMs) {
      const seconds = Math.round((Date.now() - downSince) / 1000);
      for (const entry of [...open.values()])
        finishWith(entry, {
          status: 'failed',
          reason: 'queue',
          message: `lost Redis at ${shown} for ${seconds} s; the run's result is unknown (a worker may still finish it, but it is not recorded)`,
          epochs: [],
        });
      return;
    }
    for (const entry of [...open.values()]) void check(entry);
  }, options.pollMs ?? 2000);
  poll.unref();

  const trainWith =
    (shared: SharedSpec): TrainPort =>
    (job: TrainJob) =>
      new Promise<TrainOutcome>((resolve) => {
        const payload: WorkerJob = {
          protocol: workerProtocolVersion,
          runId: job.runId,
          clientId,
          source: job.source,
          fileName: job.fileName,
          dataset: job.dataset,
          hyperparameters: { ...job.hyperparameters },
          spec: jobSpec(shared, job.hyperparameters.batch),
        };
        const entry: OpenJob = {
          jobId: `${clientId}-${job.runId ?? 'job'}-${++sequence}`,
          payload,
          relay: new AttemptRelay(job),
          requeued: 0,
          cancelled: false,
          checking: false,
          finish: (outcome) => {
            job.signal?.removeEventListener('abort', onAbort);
            resolve(outcome);
          },
        };
        const onAbort = () => void cancel(entry);
        if (job.signal?.aborted) return resolve({ status: 'cancelled', reason: 'cancelled', epochs: [] });
        open.set(entry.jobId, entry);
        job.signal?.addEventListener('abort', onAbort, { once: true });
        add(entry).catch((e: unknown) =>
          finishWith(entry, {
            status: 'failed',
            reason: 'queue',
            message: `could not queue the job on Redis at ${shown}: ${(e as Error).message}`,
            epochs: [],
          }),
        );
      });

  return {
    train: trainWith(options.shared),
    withSpec: trainWith,
    async close() {
      clearInterval(poll);
      for (const entry of [...open.values()])
        finishWith(entry, {
          status: 'failed',
          reason: 'queue',
          message: 'the queue connection was closed',
          epochs: [],
        });
      // close() waits for Redis to answer; when it is away, disconnecting is all there is to do.
      const closed = Promise.allSettled([events.close(), queue.close()]);
      await Promise.race([closed, new Promise((done) => setTimeout(done, 3000).unref())]);
      queueClient.disconnect();
      eventsClient.disconnect();
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
