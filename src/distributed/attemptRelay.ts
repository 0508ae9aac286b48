/**
 * Hands a queued job's progress events to the `TrainJob` callbacks, so the host records one clean
 * run even when the job ran more than once: a worker that died mid-epoch leaves events behind, and
 * the restart on another worker begins again at epoch 1. Only the newest attempt speaks, and it
 * speaks only past the point the record has already reached (the store keeps one row per epoch).
 */
import type { TrainJob } from '../core/cycle/trainPort';
import type { EpochMetrics, ProgressMessage } from '../shared/trainerProtocol';
import type { WorkerEvent } from '../shared/workerProtocol';

/** JSON has no NaN: a loss the Net hid arrives as null and leaves as NaN again, as locally. */
function nanFromNull(value: number | null | undefined): number {
  return value === null || value === undefined ? Number.NaN : value;
}

/** The progress message with its nulls turned back into NaN. */
export function progressFromWire(progress: ProgressMessage): ProgressMessage {
  return { ...progress, loss: nanFromNull(progress.loss) };
}

/** The epoch metrics with their nulls turned back into NaN. */
export function epochFromWire(epoch: EpochMetrics): EpochMetrics {
  return { ...epoch, trainLoss: nanFromNull(epoch.trainLoss) };
}

/** One job's relay; `attempts` and `worker` say where the newest attempt ran. */
export class AttemptRelay {
  private attemptId: string | undefined;
  private attemptNumber = 0;
  private lastEpoch = 0;
  private lastStep = 0;
  /** The newest attempt's worker. */
  worker: string | undefined;

  constructor(private readonly job: TrainJob) {}

  /** How many times a worker started the job, as far as the events tell. */
  get attempts(): number {
    return this.attemptNumber;
  }

  /**
   * The job was added to the queue again under a new id (Redis had lost it): its attempts count
   * from 1 again, and the record carries on from where it is.
   */
  requeued(): void {
    this.attemptId = undefined;
    this.attemptNumber = 0;
  }

  /** Forwards one event, or drops it when an older attempt sent it or the record is past it. */
  relay(event: WorkerEvent): void {
    if (event.attemptId !== this.attemptId) {
      // A stale attempt (a worker that lost its lock but still runs) may keep talking; ignore it.
      if (event.attempt <= this.attemptNumber) return;
      this.attemptId = event.attemptId;
      this.attemptNumber = event.attempt;
      this.worker = event.worker;
    }
    switch (event.kind) {
      case 'ready':
        return this.job.onReady?.(event.ready);
      case 'dataset':
        return this.job.onDataset?.(event.dataset);
      case 'progress': {
        const p = event.progress;
        const step = (p.epoch - 1) * Math.max(p.totalBatches, 1) + p.batch;
        if (p.epoch <= this.lastEpoch || step <= this.lastStep) return;
        this.lastStep = step;
        return this.job.onProgress?.(progressFromWire(p));
      }
      case 'epoch':
        if (event.epoch.epoch <= this.lastEpoch) return;
        this.lastEpoch = event.epoch.epoch;
        return this.job.onEpoch?.(epochFromWire(event.epoch));
    }
  }
}
