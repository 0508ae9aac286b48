/**
 * What happened to the candidates of one cycle, and the statistics the 22-cycle novelty-loop paper
 * ("From Memorization to Creativity") reports from it.
 * The tally is kept beside the cycle in the store, because some candidates (replies without code,
 * exact duplicates of stored variants) leave no variant row to count later.
 */
import type { CycleStats } from '../../shared/historyModel';
import { meanInterval, median, wilsonInterval } from './intervals';

/** Running counts of one cycle. */
export interface CycleTally {
  candidates: number;
  /** Passed the static and execution checks (duplicates included: they were valid code). */
  valid: number;
  invalid: number;
  duplicates: number;
  nearDuplicates: number;
  trainFailed: number;
  /** Test accuracies of the finished training runs. */
  accuracies: number[];
  admitted: number;
  /**
   * Seconds the trainers sat waiting for the next candidate, summed over them (trainer-seconds:
   * the idle share is this over `wallS × trainers`), and the cycle's wall time.
   */
  trainerIdleS: number;
  wallS: number;
  /** Trainers the cycle ran at once (the last run's, for a resumed cycle). */
  trainers: number;
  /** Size of the novelty corpus when the cycle ended. */
  corpusSize: number;
  /** The admission threshold the cycle ran with. */
  threshold: number;
  /** Tokens the cycle's generations cost (all tries), as the server reported them. */
  promptTokens: number;
  completionTokens: number;
  /** How the LLM wrote its candidates: whole files, diffs applied at once or after a repair, diffs that fell back to a whole file. */
  fullEdits: number;
  diffApplied: number;
  diffRepaired: number;
  diffFailed: number;
  /** Why each candidate's parent was chosen. */
  exploitParents: number;
  exploreParents: number;
  seedParents: number;
  /** Cells of the archive holding an elite when the cycle ended. */
  archiveFilled: number;
}

/** A tally with nothing counted yet. */
export function emptyTally(): CycleTally {
  return {
    candidates: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    nearDuplicates: 0,
    trainFailed: 0,
    accuracies: [],
    admitted: 0,
    trainerIdleS: 0,
    wallS: 0,
    trainers: 1,
    corpusSize: 0,
    threshold: 0,
    promptTokens: 0,
    completionTokens: 0,
    fullEdits: 0,
    diffApplied: 0,
    diffRepaired: 0,
    diffFailed: 0,
    exploitParents: 0,
    exploreParents: 0,
    seedParents: 0,
    archiveFilled: 0,
  };
}

/** Reads a stored tally, tolerating fields a newer or older version did not write. */
export function parseTally(json: string | undefined): CycleTally {
  const tally = emptyTally();
  if (!json) return tally;
  try {
    const stored = JSON.parse(json) as Partial<CycleTally>;
    for (const key of Object.keys(tally) as (keyof CycleTally)[]) {
      const value = stored[key];
      if (key === 'accuracies')
        tally.accuracies = Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];
      else if (typeof value === 'number') tally[key] = value;
    }
  } catch {
    // A damaged tally only loses statistics; the variants and runs are still in the store.
  }
  return tally;
}

/** The novelty-loop paper's per-cycle statistics from a tally. */
export function cycleStats(cycleId: number, index: number, tally: CycleTally): CycleStats {
  const { mean, interval } = meanInterval(tally.accuracies);
  const above = tally.accuracies.filter((a) => a >= tally.threshold).length;
  return {
    cycleId,
    index,
    candidates: tally.candidates,
    valid: tally.valid,
    validRate: tally.candidates > 0 ? tally.valid / tally.candidates : 0,
    validRateCi: wilsonInterval(tally.valid, tally.candidates),
    trained: tally.accuracies.length,
    best: tally.accuracies.length > 0 ? Math.max(...tally.accuracies) : null,
    mean,
    median: median(tally.accuracies),
    meanCi: interval,
    aboveThreshold: above,
    shareAboveThreshold: tally.accuracies.length > 0 ? above / tally.accuracies.length : 0,
    novelAdmitted: tally.admitted,
    rejections: tally.candidates - tally.admitted,
    corpusSize: tally.corpusSize,
    search: {
      promptTokens: tally.promptTokens,
      completionTokens: tally.completionTokens,
      edits: {
        full: tally.fullEdits,
        diffApplied: tally.diffApplied,
        diffRepaired: tally.diffRepaired,
        diffFailed: tally.diffFailed,
      },
      parents: { exploit: tally.exploitParents, explore: tally.exploreParents, seed: tally.seedParents },
      archiveFilled: tally.archiveFilled,
    },
  };
}

/**
 * The novelty-loop paper's stopping rule: stop when mean accuracy improved by less than `minGainPoints` percentage
 * points over the last three cycles. Needs four cycles with a mean to judge.
 */
export function shouldStop(means: readonly (number | null)[], minGainPoints: number): boolean {
  const known = means.filter((m): m is number => m !== null);
  if (known.length < 4) return false;
  const gain = (known[known.length - 1] - known[known.length - 4]) * 100;
  return gain < minGainPoints;
}
