// Multithreaded TF.js wasm in Node. tfjs-backend-wasm 4.22 ships a pthreads + SIMD build whose
// XNNPACK kernels split work across threads, but its feature probe answers "no threads" on Node
// (tfjs issue 3830) and its loader hands emscripten Blob URLs, which Node's worker_threads cannot
// start. The emscripten glue itself supports Node workers, so this module loads that build with
// real files instead (wasmThreadScripts.ts) and the .wasm binary from disk. Workers need
// worker_threads — under Node's permission model the trainer must be started with --allow-worker
// and may read the scripts' folder, else this reports why and callers stay on 1 thread.
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultThreadScriptDir, ensureThreadScripts } from './wasmThreadScripts';
// The emscripten factory of the threaded build (no typings ship for this path).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const threadedFactory = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js') as Factory;

// The os module object itself (an ES namespace import is a frozen copy), so os.cpus can be swapped.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const os = require('node:os') as { cpus(): unknown[] };

const threadedWasm = 'tfjs-backend-wasm-threaded-simd.wasm';

/** The slice of the emscripten module BackendWasm and this loader use. */
interface EmscriptenModule {
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number;
  PThread?: { terminateAllThreads(): void };
  tfjs?: Record<string, unknown>;
}
type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

/**
 * Runs `start` while os.cpus() reports at least `count` entries. The backend caps its thread pool
 * at half the logical cores (it assumes two hyperthreads per core), read once while the module
 * starts; on a VM or container where every vCPU is a core that halves the pool (2 vCPUs → 1 thread).
 */
async function withReportedCores<T>(count: number, start: () => Promise<T>): Promise<T> {
  const real = os.cpus;
  const cpus = real();
  if (cpus.length >= count || cpus.length === 0) return start();
  os.cpus = () => Array.from({ length: count }, (_, i) => cpus[i % cpus.length]);
  try {
    return await start();
  } finally {
    os.cpus = real;
  }
}

/** Instantiates the threaded build and adds the bindings BackendWasm expects (as tfjs's own loader does). */
async function loadThreadedModule(wasmDir: string, threads: number, scriptDir: string): Promise<EmscriptenModule> {
  const { worker, main } = ensureThreadScripts(scriptDir);
  const module = await withReportedCores(2 * threads, () =>
    threadedFactory({
      mainScriptUrlOrBlob: main,
      locateFile: (path: string) =>
        path.endsWith('.worker.js') ? worker : join(wasmDir, path.endsWith('.wasm') ? threadedWasm : path),
    }),
  );
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return module;
}

/** Why threads cannot be used in this process, or undefined when they can. `proc` is injectable for tests. */
export function threadsUnavailableReason(
  proc: { permission?: { has(scope: string): boolean } } = process as never,
): string | undefined {
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is not available';
  if (proc.permission && !proc.permission.has('worker'))
    return "Node's permission model forbids workers (start the trainer with --allow-worker)";
  return undefined;
}

/**
 * Re-registers TF.js's 'wasm' backend so that `tf.setBackend('wasm')` starts the threaded SIMD
 * build with `threads` XNNPACK threads. Call before the first `tf.setBackend('wasm')`.
 * `wasmDir` holds tfjs-backend-wasm-threaded-simd.wasm; `scriptDir` the worker scripts (written if missing). If the threaded build fails to start,
 * the stock loader runs instead and `onFallback` hears why.
 */
export function registerThreadedWasm(
  threads: number,
  wasmDir: string,
  onFallback: (reason: string) => void = () => undefined,
  scriptDir = defaultThreadScriptDir(),
): void {
  if (!existsSync(join(wasmDir, threadedWasm))) {
    onFallback(`${threadedWasm} not found in ${wasmDir}`);
    return;
  }
  const stock = stockFactory ?? tf.findBackendFactory('wasm');
  if (!stock) {
    onFallback("'@tensorflow/tfjs-backend-wasm' is not loaded");
    return;
  }
  stockFactory = stock;
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      try {
        setThreadsCount(threads);
        return new BackendWasm(
          (await loadThreadedModule(wasmDir, threads, scriptDir)) as unknown as ConstructorParameters<
            typeof BackendWasm
          >[0],
        );
      } catch (e) {
        onFallback(`the threaded build failed to start: ${e instanceof Error ? e.message : String(e)}`);
        setThreadsCount(1);
        return stock();
      }
    },
    wasmPriority,
  );
}

/** The package's own 'wasm' factory, kept for the fallback (and so a second call wraps the original). */
let stockFactory: (() => tf.KernelBackend | Promise<tf.KernelBackend>) | undefined;
/** tfjs-backend-wasm registers itself at priority 2. */
const wasmPriority = 2;
