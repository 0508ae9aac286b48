// The one call the trainer makes to get TF.js's fastest training setup for a backend: for wasm,
// the training kernels (without which conv nets cannot train there at all) and XNNPACK threads.
// Call it before `tf.setBackend(name)` — i.e. before the ladder tries that rung.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { availableParallelism } from 'node:os';
import { registerWasmTrainingKernels } from './wasmTrainingKernels';
import { registerThreadedWasm, threadsUnavailableReason } from './wasmThreads';

/** What the caller may choose. */
export interface TuneOptions {
  /** XNNPACK threads for wasm; default: every core this process may use. 1 keeps the stock single-threaded build. */
  threads?: number;
  /** Folder with the tfjs-backend-wasm*.wasm binaries (the trainer's resolveWasmDir()). Needed for threads. */
  wasmDir?: string;
  /** Folder with the worker scripts (see ensureThreadScripts; default: a folder under os.tmpdir()). */
  threadScriptDir?: string;
  /** Kernel names to leave stock (for measuring what each replacement buys). */
  stockKernels?: string[];
}

/** What was set up, for the user-visible backend note. */
export interface Tuning {
  backend: string;
  /** Threads asked for (the backend may start fewer; see `wasmThreadsInUse`). */
  threads: number;
  /** Kernels replaced or added. */
  kernels: string[];
  /** Why something was not done (e.g. threads refused by the permission model). */
  notes: string[];
}

/** Default thread count: the cores this process may run on. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Prepares `backend` for training. Idempotent; never throws for a missing optional feature —
 * it is listed in `notes` instead and the stock path stays in place.
 */
export function tuneBackend(backend: string, options: TuneOptions = {}): Tuning {
  const tuning: Tuning = { backend, threads: 1, kernels: [], notes: [] };
  if (backend !== 'wasm') return tuning;
  tuning.kernels = registerWasmTrainingKernels(options.stockKernels ?? []);
  const threads = Math.max(1, Math.floor(options.threads ?? defaultThreads()));
  if (threads === 1) return tuning;
  const refused =
    threadsUnavailableReason() ?? (options.wasmDir ? undefined : 'no folder with the threaded .wasm binary was given');
  if (refused) {
    tuning.notes.push(`wasm threads off: ${refused}`);
    return tuning;
  }
  registerThreadedWasm(
    threads,
    options.wasmDir as string,
    (reason) => tuning.notes.push(`wasm threads off: ${reason}`),
    options.threadScriptDir,
  );
  tuning.threads = threads;
  return tuning;
}

/** The XNNPACK thread count of the running wasm backend, or undefined when wasm is not current. */
export function wasmThreadsInUse(): number | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  try {
    return getThreadsCount();
  } catch {
    return undefined;
  }
}
