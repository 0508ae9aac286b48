/**
 * The host's view of where a trainer job is, built from its messages: the phase it last announced
 * (start-up until the first heartbeat), when it last said anything, and how long its finished
 * training batches took. The no-progress watchdog and the check's time limit read it to name what
 * hung and what was measured. Pure: the caller passes the clock.
 */
import type { JobPhase, TrainerToHost } from '../../shared/trainerProtocol';
import type { CheckTiming } from './pace';
import { describePace } from './pace';

/** The trainer's phases, and `start-up` before it has announced any (process start, backend ladder). */
export type WatchedPhase = 'start-up' | JobPhase;

/** Tracks one job's phases and batch times. */
export class ProgressWatch {
  private phase: WatchedPhase = 'start-up';
  private epoch?: number;
  private batch?: number;
  private totalBatches?: number;
  private lastMs: number;
  private phaseStartMs: number;
  /** Host times at which the current epoch's training batches started. */
  private batchStarts: number[] = [];
  /** Host time at which the current epoch's last training batch ended (evaluation began). */
  private batchesEndMs?: number;

  constructor(nowMs: number) {
    this.lastMs = nowMs;
    this.phaseStartMs = nowMs;
  }

  /** Takes any trainer message: each one is a sign of life; heartbeats move the phase. */
  note(m: TrainerToHost, nowMs: number): void {
    this.lastMs = nowMs;
    if (m.type !== 'heartbeat') return;
    if (m.phase === 'batch') {
      if (m.epoch !== this.epoch) {
        this.batchStarts = [];
        this.batchesEndMs = undefined;
      }
      this.batchStarts.push(nowMs);
    } else if (this.phase === 'batch') {
      this.batchesEndMs = nowMs;
    }
    this.phase = m.phase;
    this.epoch = m.epoch ?? this.epoch;
    this.batch = m.batch;
    this.totalBatches = m.totalBatches;
    this.phaseStartMs = nowMs;
  }

  /** Seconds since the trainer last said anything. */
  silentS(nowMs: number): number {
    return (nowMs - this.lastMs) / 1000;
  }

  /** The silence allowed now: start-up and dataset loading get their own (longer) limit. */
  limitS(noProgressS: number, startUpS: number): number {
    return this.phase === 'start-up' || this.phase === 'loading' ? startUpS : noProgressS;
  }

  /** Where the job is, in words: "batch 7 of 938 (epoch 1)". */
  where(): string {
    const of = this.totalBatches ? ` of ${this.totalBatches.toLocaleString('en-US')}` : '';
    const epoch = this.epoch ? ` (epoch ${this.epoch})` : '';
    switch (this.phase) {
      case 'start-up':
        return 'start-up (the trainer process and the backend)';
      case 'loading':
        return 'loading the dataset';
      case 'building':
        return 'building the Net (constructor, build, a first forward)';
      case 'batch':
        return `batch ${this.batch ?? '?'}${of}${epoch}`;
      case 'evaluation':
        return `evaluation${this.batch ? `, batch ${this.batch}${of}` : ''}${epoch}`;
    }
  }

  /** Durations (s) of the current epoch's finished training batches. */
  private finishedBatchesS(): number[] {
    const ends = [...this.batchStarts.slice(1)];
    if (this.batchesEndMs !== undefined && this.batchStarts.length > 0) ends.push(this.batchesEndMs);
    return ends.map((end, i) => (end - this.batchStarts[i]) / 1000);
  }

  /** Finished batches and their mean time; the first (warm-up) batch is left out once a later one finished. */
  measured(): { batchesDone: number; perBatchS?: number; withWarmUp: boolean } {
    const done = this.finishedBatchesS();
    if (done.length === 0) return { batchesDone: 0, withWarmUp: false };
    const timed = done.length > 1 ? done.slice(1) : done;
    return {
      batchesDone: done.length,
      perBatchS: timed.reduce((a, b) => a + b, 0) / timed.length,
      withWarmUp: done.length === 1,
    };
  }

  /** What a check that ran out of `limitS` had measured, for `checkOutOfTimeMessage`. */
  checkTiming(limitS: number, nowMs: number, epochBatches: number): CheckTiming {
    return {
      limitS,
      where: this.where(),
      ...this.measured(),
      currentS: (nowMs - this.phaseStartMs) / 1000,
      epochBatches,
    };
  }

  /** The verdict for a job that was silent past `limitS`. */
  hungMessage(limitS: number, nowMs: number): string {
    const { batchesDone, perBatchS } = this.measured();
    const soFar =
      perBatchS !== undefined && this.phase === 'batch'
        ? ` Before it, ${batchesDone} batch${batchesDone > 1 ? 'es' : ''} of this epoch finished (${describePace(perBatchS, this.totalBatches ?? batchesDone)}).`
        : '';
    const what =
      this.phase === 'start-up' || this.phase === 'loading' ? 'the trainer sent nothing' : 'the Net made no progress';
    return `${what} for ${Math.round(this.silentS(nowMs))} s (no-progress limit ${limitS} s) in ${this.where()}, so it was stopped; an endless loop in forward() or learn(), or a batch far too slow?${soFar}`;
  }
}
