/** The rungs that need no native code: TF.js's WebAssembly backend (SIMD) and its plain-JS `cpu` backend. */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { wasmThreadsInUse } from '../perf/tuneBackend';
import { registerWasmTrainingKernels } from '../perf/wasmTrainingKernels';
import { registerThreadedWasm, threadsUnavailableReason } from '../perf/wasmThreads';
import { defaultThreadScriptDir } from '../perf/wasmThreadScripts';
import { bridgeMissingKernels } from './kernelBridge';
import type { Rung } from './rung';
import { errorText } from './rung';

const simdFile = 'tfjs-backend-wasm-simd.wasm';

/**
 * Where the .wasm binaries are: beside the trainer bundle (esbuild.js copies them into dist), else in
 * node_modules (tests run the sources).
 */
export function resolveWasmDir(bundleDir: string = __dirname): string | undefined {
  if (existsSync(join(bundleDir, simdFile))) return bundleDir;
  try {
    const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    return existsSync(join(dir, simdFile)) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The worker scripts of the threaded build: written into dist/wasm-threads at build time (the
 * sandboxed trainer may read but not write there), else a temp folder (tests running the sources).
 */
export function resolveThreadScriptDir(bundleDir: string = __dirname): string {
  const beside = join(bundleDir, 'wasm-threads');
  return existsSync(beside) ? beside : defaultThreadScriptDir();
}

/** How the wasm rung starts. */
export interface WasmRungOptions {
  /** XNNPACK threads (default 1: the single-threaded SIMD build, no workers). */
  threads?: number;
  wasmDir?: () => string | undefined;
  threadScriptDir?: () => string;
}

/**
 * Asks for the threaded build when more than one thread is wanted: registers it, or adds to `notes`
 * why it cannot be (a failure to start later also falls back to one thread and lands in `notes`).
 */
function requestThreads(threads: number, dir: string, scriptDir: string, notes: string[]): void {
  if (threads <= 1) return;
  const refused = threadsUnavailableReason();
  if (refused) {
    notes.push(`threads off: ${refused}`);
    return;
  }
  registerThreadedWasm(threads, dir, (reason) => notes.push(`threads off: ${reason}`), scriptDir);
}

/** TF.js's WebAssembly backend plus the trainer's training kernels; reports SIMD and the thread count. */
export function wasmRung(options: WasmRungOptions = {}): Rung {
  const wasmDir = options.wasmDir ?? resolveWasmDir;
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  return {
    name: 'wasm',
    async tryInit() {
      const dir = wasmDir();
      if (!dir) return { ok: false, reason: `${simdFile} not found beside the trainer or in node_modules` };
      const notes: string[] = [];
      try {
        requestThreads(threads, dir, (options.threadScriptDir ?? resolveThreadScriptDir)(), notes);
        setWasmPaths(dir.endsWith('/') ? dir : `${dir}/`);
        if (!(await tf.setBackend('wasm'))) return { ok: false, reason: 'the WebAssembly backend did not initialise' };
        await tf.ready();
        // Stock tfjs-backend-wasm lacks Conv2DBackpropFilter (so cannot train a CNN) and is slow on the others.
        registerWasmTrainingKernels();
        bridgeMissingKernels('wasm');
      } catch (e) {
        return { ok: false, reason: `the WebAssembly backend failed: ${errorText(e)}` };
      }
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const running = wasmThreadsInUse() ?? 1;
      const note = [`SIMD ${simd ? 'on' : 'off'}`, running > 1 ? `${running} threads` : '1 thread', ...notes].join(
        ', ',
      );
      return { ok: true, note };
    },
  };
}

/** TF.js's reference JavaScript backend: slow, but always there. */
export function cpuRung(): Rung {
  return {
    name: 'cpu',
    async tryInit() {
      try {
        await tf.setBackend('cpu');
        await tf.ready();
        return { ok: true };
      } catch (e) {
        return { ok: false, reason: `the cpu backend failed: ${errorText(e)}` };
      }
    },
  };
}
