import { appendPoints, emptyCurve } from '../../core/store/batchLossCurve';
import type { StoredCurve } from '../../core/store/batchLossCurve';
import type { EpochRow } from '../../shared/historyModel';
import type { LiveRun } from '../../shared/resultsProtocol';
import type { EpochMetrics, ProgressMessage } from '../../shared/trainerProtocol';

/** Most batch-loss points kept per live run, thinned evenly as the store thins (the page downsamples further). */
const maxBatchPoints = 5000;
/** Fewest milliseconds between two pushes to the page. */
const pushIntervalMs = 250;

/**
 * Collects one run's progress and epochs into the `LiveRun` the results panel draws, and pushes it
 * at most every 250 ms so a fast trainer cannot flood the webview.
 */
export class LiveRunTracker {
  private batchLoss: StoredCurve = emptyCurve;
  private readonly epochs: EpochRow[] = [];
  private backend: string | null = null;
  private lastPush = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly runId: number,
    private readonly variantName: string,
    private readonly push: (run: LiveRun) => void,
  ) {}

  setBackend(backend: string): void {
    this.backend = backend;
    this.schedule();
  }

  progress(p: ProgressMessage): void {
    if (!Number.isFinite(p.loss)) return;
    this.batchLoss = appendPoints(this.batchLoss, [[(p.epoch - 1) * p.totalBatches + p.batch, p.loss]], maxBatchPoints);
    this.schedule();
  }

  epoch(m: EpochMetrics): void {
    this.epochs.push({
      runId: this.runId,
      epoch: m.epoch,
      trainLoss: m.trainLoss,
      trainAccuracy: m.trainAccuracy,
      testAccuracy: m.testAccuracy,
      durationS: m.durationS,
      samplesPerSec: m.samplesPerSec,
    });
    this.schedule();
  }

  /** The run ended: one last push, marked done. */
  finish(): void {
    clearTimeout(this.timer);
    this.push(this.snapshot(true));
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastPush + pushIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastPush = Date.now();
      this.push(this.snapshot(false));
    }, wait);
  }

  private snapshot(done: boolean): LiveRun {
    return {
      runId: this.runId,
      variantName: this.variantName,
      backend: this.backend,
      batchLoss: this.batchLoss.points,
      epochs: [...this.epochs],
      done,
    };
  }
}
