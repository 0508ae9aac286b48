/** The rungs that need no native code: TF.js's WebAssembly backend (SIMD) and its plain-JS `cpu` backend. */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { registerWasmTrainingKernels } from '../perf/wasmTrainingKernels';
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

/** TF.js's WebAssembly backend plus the trainer's training kernels; reports whether SIMD and threads are on. */
export function wasmRung(wasmDir: () => string | undefined = resolveWasmDir): Rung {
  return {
    name: 'wasm',
    async tryInit() {
      const dir = wasmDir();
      if (!dir) return { ok: false, reason: `${simdFile} not found beside the trainer or in node_modules` };
      try {
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
      const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
      return { ok: true, note: `SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'}` };
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
