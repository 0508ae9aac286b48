/**
 * How fast a Net trains, in the words both sides use: the execution check's estimate ("too slow:
 * ≈ N s per batch, ≈ M min per epoch") and the host's verdict when a check or a batch runs out of
 * time. Pure arithmetic and wording; the trainer measures, the host times.
 */

/** The execution check's default epoch budget (`nngpt.generate.maxEpochMinutes`, `--max-epoch-minutes`). */
export const defaultMaxEpochMinutes = 30;

/** The check's budget in seconds for a setting in minutes; 0 (or less) means none. */
export function epochBudgetFromMinutes(minutes: number): number | undefined {
  return minutes > 0 ? minutes * 60 : undefined;
}

/** Batches in one proxy epoch: the dataset's training images in `batchSize`, capped by `maxTrainBatches`. */
export function epochBatches(trainCount: number, batchSize: number, maxTrainBatches?: number): number {
  const full = Math.ceil(trainCount / Math.max(1, batchSize));
  return maxTrainBatches !== undefined && maxTrainBatches >= 1 ? Math.min(full, maxTrainBatches) : full;
}

/** Two significant figures below 100, whole numbers above, no exponent: 0.043, 2.1, 35, 626. */
function roughly(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(2)).toString();
}

/** "≈ 2.1 s per batch, ≈ 55 min per epoch" for `perBatchS` over `batches` batches. */
export function describePace(perBatchS: number, batches: number): string {
  return `≈ ${roughly(perBatchS)} s per batch, ≈ ${roughly((perBatchS * batches) / 60)} min per epoch`;
}

/** What a Net can change to train faster; ends every too-slow message, which may go back to an LLM. */
const fasterHint = 'Use fewer or narrower layers, smaller kernels, or downsample earlier.';

/** The execution check's refusal of a Net whose estimated epoch is over `budgetS`. */
export function tooSlowMessage(perBatchS: number, batches: number, batchSize: number, budgetS: number): string {
  return `too slow: ${describePace(perBatchS, batches)} (${batches.toLocaleString('en-US')} batches of ${batchSize}), over the budget of ${roughly(budgetS / 60)} min per epoch. ${fasterHint}`;
}

/** What the host measured before a check ran out of time. */
export interface CheckTiming {
  /** The check's time limit. */
  limitS: number;
  /** Where it was: "batch 2 of 3", "building the Net", … */
  where: string;
  /** Training batches that finished. */
  batchesDone: number;
  /** Mean seconds per finished batch (the first one excluded once a later one finished). */
  perBatchS?: number;
  /** Whether `perBatchS` includes the first batch's warm-up. */
  withWarmUp: boolean;
  /** Seconds the unfinished batch (or phase) had run when the limit hit. */
  currentS: number;
  /** Batches in one proxy epoch, for the estimate. */
  epochBatches: number;
}

/** The host's message for a check it killed at its time limit. */
export function checkOutOfTimeMessage(t: CheckTiming): string {
  const head = `too slow: the execution check ran out of its ${roughly(t.limitS)} s limit in ${t.where}`;
  if (t.batchesDone === 0 || t.perBatchS === undefined) {
    return `${head}, with no training batch finished (${roughly(t.currentS)} s in it). An endless loop in forward() or a far too heavy Net? ${fasterHint}`;
  }
  // The batch that did not finish is at least as slow as its running time says.
  const perBatchS = Math.max(t.perBatchS, t.currentS);
  const warm = t.withWarmUp && perBatchS === t.perBatchS ? ', the first batch with its warm-up' : '';
  return `${head} after ${t.batchesDone} batch${t.batchesDone > 1 ? 'es' : ''}: ${describePace(perBatchS, t.epochBatches)}${warm} (${t.epochBatches.toLocaleString('en-US')} batches per epoch). ${fasterHint}`;
}
