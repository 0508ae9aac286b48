/**
 * How many XNNPACK threads the wasm rung gets. The setting (`nngpt.training.wasmThreads`) and the
 * CLI's `--threads` take 0 for "all cores" — package.json cannot hold the machine's core count as a
 * default — and a number to lower it. The host and the CLI resolve it here, so the trainer's spec
 * always carries a real count.
 */
import { availableParallelism } from 'node:os';

/** The value meaning "one thread per core" (the default). */
export const allCores = 0;
/** The most threads the trainer accepts (TrainSpec.wasmThreads is checked against it). */
export const maxWasmThreads = 64;

/** The thread count for `setting`: 0 (or anything not a whole number ≥ 1) is every core, capped at 64. */
export function resolveWasmThreads(setting: number | undefined, cores: number = availableParallelism()): number {
  const wanted = setting !== undefined && Number.isInteger(setting) && setting >= 1 ? setting : cores;
  return Math.max(1, Math.min(maxWasmThreads, Math.floor(wanted)));
}
