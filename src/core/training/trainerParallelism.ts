/**
 * How many trainer processes a cycle runs at once, and how many wasm threads each gets. The
 * setting (`nngpt.training.parallel`) and the CLI's `--parallel` take 0 for "auto": as many
 * trainers as the cores hold at the threads each trainer uses. The threads setting keeps its own
 * "0 is every core", so two autos give one trainer on every core — today's behaviour. An explicit
 * trainer count with threads on auto splits the cores between the trainers instead of giving every
 * trainer every core: N processes that each start a thread per core would oversubscribe the
 * machine N times over, and XNNPACK's threads spin-wait, so they slow each other down.
 */
import { availableParallelism } from 'node:os';
import { allCores, resolveWasmThreads } from './wasmThreadCount';

/** The value meaning "as many trainers as the cores hold" (the default). */
export const autoParallel = 0;
/** The most trainers a cycle runs at once. */
export const maxParallelTrainers = 64;

/** The resolved trainer count and the wasm threads of each. */
export interface TrainerParallelism {
  readonly trainers: number;
  readonly wasmThreads: number;
}

/** Whether a setting value asks for a definite count (a whole number ≥ 1) rather than "auto". */
function definite(setting: number | undefined): setting is number {
  return setting !== undefined && Number.isInteger(setting) && setting >= 1;
}

/**
 * Resolves the two settings against the core count; see the file comment. Anything that is not a
 * whole number ≥ 1 is "auto". Always at least one trainer with at least one thread.
 */
export function resolveTrainerParallelism(
  parallelSetting: number | undefined,
  wasmThreadsSetting: number | undefined,
  cores: number = availableParallelism(),
): TrainerParallelism {
  const coreCount = Math.max(1, Math.floor(cores));
  if (definite(parallelSetting)) {
    const trainers = Math.min(maxParallelTrainers, parallelSetting);
    const wasmThreads = definite(wasmThreadsSetting)
      ? resolveWasmThreads(wasmThreadsSetting, coreCount)
      : Math.max(1, Math.floor(coreCount / trainers));
    return { trainers, wasmThreads };
  }
  const wasmThreads = resolveWasmThreads(definite(wasmThreadsSetting) ? wasmThreadsSetting : allCores, coreCount);
  return { trainers: Math.max(1, Math.min(maxParallelTrainers, Math.floor(coreCount / wasmThreads))), wasmThreads };
}
