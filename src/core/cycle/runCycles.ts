/**
 * The closed loop over several cycles, written once for the extension's command and `nngpt
 * cycle`: each cycle runs with a fresh novelty index, the best admitted variant of a cycle seeds
 * the next (the archive, rebuilt by every cycle, carries everything else across), an interrupted
 * cycle may be resumed first, and the novelty-loop paper's stopping rule may end the loop early.
 */
import type { NoveltyChecker } from '../novelty/noveltyChecker';
import { shouldStop } from './cycleTally';
import type { CycleDeps, CycleEvent, CycleResult, CycleSeed, CycleSettings } from './runCycle';
import { runCycle } from './runCycle';
import { thresholdFor } from './thresholds';

/** What the loop runs with. */
export interface LoopSettings extends Omit<CycleSettings, 'threshold'> {
  /** Cycles to run (at least one). */
  readonly count: number;
  /** An explicit admission threshold (the CLI's --threshold); else `thresholds[dataset]`, else the dataset's default. */
  readonly threshold?: number;
  readonly thresholds?: Readonly<Record<string, number>>;
  /** Stop when mean accuracy gained less than this many points over three cycles; 0 never stops early. */
  readonly stopMinGainPoints: number;
}

/** The parts of a cycle, with a novelty index made fresh for each. */
export interface LoopDeps extends Omit<CycleDeps, 'novelty'> {
  readonly newNovelty: () => NoveltyChecker;
}

/** What the loop reports besides each cycle's own events. */
export interface LoopHooks {
  readonly signal?: AbortSignal;
  /** The cycle to resume before starting new ones (its seed is `firstSeed`). */
  readonly resumeCycleId?: number;
  readonly onEvent?: (event: CycleEvent) => void;
  /** After each cycle, before the next starts. */
  readonly onCycleEnd?: (result: CycleResult) => void;
}

/** How the loop ended. */
export interface LoopResult {
  readonly cycles: readonly CycleResult[];
  /** Set when the stopping rule ended the loop, with the cycle it stopped after. */
  readonly stoppedEarly?: { readonly afterIndex: number; readonly minGainPoints: number };
}

/** Runs up to `settings.count` cycles from `firstSeed`; see the file comment. */
export async function runCycles(
  deps: LoopDeps,
  firstSeed: CycleSeed,
  settings: LoopSettings,
  hooks: LoopHooks = {},
): Promise<LoopResult> {
  const { count, threshold, thresholds, stopMinGainPoints, ...cycle } = settings;
  const cycleSettings: CycleSettings = { ...cycle, threshold: thresholdFor(settings.dataset, threshold, thresholds) };
  const { newNovelty, ...parts } = deps;
  const results: CycleResult[] = [];
  const means: (number | null)[] = [];
  let seed = firstSeed;
  let resumeCycleId = hooks.resumeCycleId;
  for (let i = 0; i < Math.max(1, count) && !hooks.signal?.aborted; i++) {
    const result = await runCycle({ ...parts, novelty: newNovelty() }, seed, cycleSettings, {
      signal: hooks.signal,
      onEvent: hooks.onEvent,
      resumeCycleId,
    });
    resumeCycleId = undefined;
    results.push(result);
    hooks.onCycleEnd?.(result);
    means.push(result.stats.mean);
    if (result.best)
      seed = {
        code: result.best.code,
        fileName: `${result.best.name}.net.ts`,
        name: result.best.name,
        filePath: result.best.filePath,
        accuracy: result.best.accuracy,
      };
    if (stopMinGainPoints > 0 && shouldStop(means, stopMinGainPoints))
      return { cycles: results, stoppedEarly: { afterIndex: result.stats.index, minGainPoints: stopMinGainPoints } };
  }
  return { cycles: results };
}
