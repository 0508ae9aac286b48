import { availableParallelism } from 'node:os';
import type { RecordHooks } from '../../core/cycle/trainAndRecord';
import type { TrainOutcome } from '../../core/cycle/trainPort';
import type { ReadyMessage } from '../../shared/trainerProtocol';
import type { JobReporter } from '../jobs/jobRunner';
import { log } from '../log';

/** Hooks that put the chosen backend (and why the better ones were skipped) and dataset downloads in front of the user. */
export function reportRunProgress(
  reporter: JobReporter,
  epochs: number,
  /** The `nngpt.training.wasmThreads` setting the run was started with. */
  wasmThreads: number,
  onReady?: (ready: ReadyMessage) => void,
): Pick<RecordHooks, 'onReady' | 'onDataset'> {
  return {
    onReady: (ready) => {
      const adapter = ready.adapterInfo ? ` (${ready.adapterInfo.name})` : '';
      log.info(`Training backend: ${ready.backend}${adapter}${ready.note ? ` — ${ready.note}` : ''}`);
      for (const skipped of ready.skipped) log.info(`  skipped ${skipped.backend}: ${skipped.reason}`);
      const cores = availableParallelism();
      // Every core is the default; a setting of 1 lowers it, so say what that costs.
      if (ready.backend === 'wasm' && wasmThreads === 1 && cores > 1) {
        log.info(
          `  wasm runs on 1 of ${cores} cores because "nngpt.training.wasmThreads" is 1; 0 (the default) uses every core (2 threads trained 1.3× faster on a 2-core machine).`,
        );
      }
      reporter.report(`on ${ready.backend}${adapter}, ${epochs} epoch(s)`);
      reporter.status(`training on ${ready.backend}`);
      onReady?.(ready);
    },
    onDataset: (p) => {
      const pct = p.totalBytes ? ` ${Math.floor((100 * p.receivedBytes) / p.totalBytes)}%` : '';
      reporter.report(`downloading ${p.file}${pct}`);
    },
  };
}

/** One sentence about how a run ended, for a notification. */
export function describeOutcome(name: string, dataset: string, outcome: TrainOutcome): string {
  if (outcome.status === 'cancelled') return `training ${name} was stopped.`;
  if (outcome.status === 'failed')
    return `training ${name} failed (${outcome.reason ?? 'error'}): ${outcome.message ?? 'no message'}`;
  const s = outcome.summary;
  const accuracy = s?.finalTestAccuracy ?? outcome.epochs[outcome.epochs.length - 1]?.testAccuracy;
  const parts = [
    accuracy === undefined ? 'no accuracy' : `test accuracy ${(accuracy * 100).toFixed(1)}%`,
    `on ${dataset}`,
  ];
  if (s) parts.push(`(${s.backend}, ${Math.round(s.totalDurationS)} s, ${s.paramCount.toLocaleString()} parameters)`);
  return `${name}: ${parts.join(' ')}.`;
}
