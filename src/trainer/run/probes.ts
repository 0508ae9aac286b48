/**
 * Instruments a Net after `trainSetup` so the trainer sees every batch's loss and training accuracy
 * without trusting the Net to report them: `optimizer.minimize` is wrapped to keep the cost, and
 * `criteria` to count correct predictions from the logits it is handed.
 */
import * as tf from '@tensorflow/tfjs';

/** Per-batch values captured from inside the Net's step, read (and freed) by the batch iterator. */
export class BatchProbe {
  private cost: tf.Tensor | undefined;
  private correct: tf.Tensor | undefined;
  private lossFromCriteria: tf.Tensor | undefined;
  /** How many `minimize` calls were seen in total (0 means the Net never stepped through the optimizer). */
  steps = 0;

  /** Wraps `net.optimizer.minimize` and `net.criteria`; returns false when there is no optimizer to wrap. */
  attach(net: { optimizer?: unknown; criteria?: unknown }): boolean {
    const opt = net.optimizer as tf.Optimizer | undefined;
    if (!opt || typeof opt.minimize !== 'function') return false;
    const minimize = opt.minimize.bind(opt);
    opt.minimize = (f, returnCost, varList) => {
      const cost = minimize(f, true, varList);
      this.steps++;
      if (cost) {
        this.swap('cost', tf.keep(returnCost ? cost.clone() : cost));
      }
      return returnCost ? cost : null;
    };
    if (typeof net.criteria === 'function') {
      const criteria = net.criteria as (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
      net.criteria = (labels: tf.Tensor, logits: tf.Tensor) => {
        const loss = criteria(labels, logits);
        if (labels.rank === 2 && logits.rank === 2 && labels.shape[1] === logits.shape[1]) {
          this.swap(
            'correct',
            tf.keep(tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(labels, 1)), 'int32')))),
          );
        }
        if (loss instanceof tf.Tensor) this.swap('lossFromCriteria', tf.keep(loss.clone()));
        return loss;
      };
    }
    return true;
  }

  private swap(key: 'cost' | 'correct' | 'lossFromCriteria', t: tf.Tensor): void {
    this[key]?.dispose();
    this[key] = t;
  }

  /** Reads and frees what the last step captured: loss and correct count, each undefined when unseen. */
  async take(): Promise<{ loss?: number; correct?: number }> {
    const source = this.cost ?? this.lossFromCriteria;
    const loss = source ? (await source.data())[0] : undefined;
    const correct = this.correct ? (await this.correct.data())[0] : undefined;
    this.release();
    return { loss, correct };
  }

  /** Frees anything still held. */
  release(): void {
    for (const key of ['cost', 'correct', 'lossFromCriteria'] as const) {
      this[key]?.dispose();
      this[key] = undefined;
    }
  }
}

/**
 * Flags a tensor leak: the live-tensor count, measured between batches once the optimizer's slots
 * exist (after `warmup` batches), must stay flat; a steady rise is a leak.
 */
export class LeakDetector {
  private baseline: number | undefined;
  constructor(
    private readonly warmup = 5,
    private readonly tolerance = 10,
  ) {}

  /** Feeds the count after batch `batch` (1-based); returns a message when the growth shows a leak. */
  observe(batch: number, numTensors: number): string | undefined {
    if (batch === this.warmup) this.baseline = numTensors;
    if (this.baseline === undefined || batch <= this.warmup) return undefined;
    const growth = numTensors - this.baseline;
    const span = batch - this.warmup;
    if (growth > this.tolerance && growth >= span / 2) {
      return `tensor leak: ${growth} more live tensors after ${span} more batches (${(growth / span).toFixed(1)} per batch). Wrap per-batch work in tf.tidy() or dispose() intermediate tensors in learn().`;
    }
    return undefined;
  }
}
