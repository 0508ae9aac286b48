// The two scripts the threaded wasm build's workers run, as files Node's worker_threads can start:
// tfjs-backend-wasm ships them only as in-memory strings for browser Blob URLs. Written once per
// TF.js version; the extension host may write them before forking a sandboxed trainer (which
// may not write files) and pass the folder on.
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The emscripten factory and worker script of the threaded build (no typings ship for these paths).
const { wasmWorkerContents } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as {
    wasmWorkerContents: string;
  };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const factorySource = String(require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'));

/** Where the scripts live unless told otherwise. */
export function defaultThreadScriptDir(): string {
  return join(tmpdir(), `nngpt-tfjs-wasm-threads-${tf.version_core}`);
}

/** The worker script, loading the module with require() instead of eval. */
function workerSource(): string {
  // The package keeps the script in a template literal, which turned its "\n" escapes into real
  // newlines inside string literals; put the escapes back (as tfjs's own Blob loader does).
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  // Its Node shim evals the module file into the worker's global scope; eval is refused under
  // --disallow-code-generation-from-strings (the trainer's sandbox), require() is not.
  const evalShim = 'importScripts:function(f){(0,eval)(fs.readFileSync(f,"utf8")+"//# sourceURL="+f)}';
  if (!source.includes(evalShim))
    throw new Error('unexpected tfjs-backend-wasm worker script (TF.js version changed?)');
  return source.replace(evalShim, 'importScripts:function(f){global.WasmBackendModuleThreadedSimd=require(f)}');
}

/** Paths of the worker script and the module file in `dir`. */
export function threadScriptPaths(dir: string): { worker: string; main: string } {
  return { worker: join(dir, 'worker.js'), main: join(dir, 'module.js') };
}

/** Writes both scripts into `dir` (the build step; and `ensureThreadScripts` when they are missing). */
export function writeThreadScripts(dir: string = defaultThreadScriptDir()): { worker: string; main: string } {
  const paths = threadScriptPaths(dir);
  mkdirSync(dir, { recursive: true });
  // Through a temp name and a rename, so a process starting threads meanwhile never loads half a file.
  const put = (path: string, text: string) => {
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, path);
  };
  put(paths.main, `module.exports = ${factorySource};\n`);
  put(paths.worker, workerSource());
  return paths;
}

/**
 * The scripts' paths in `dir`, writing them only when one is missing: the sandboxed trainer may
 * read dist/wasm-threads (written at build time) but not write there. No content check — inside
 * the bundle the factory's source text is esbuild's reformatted copy, never byte-equal to the
 * build step's; a folder per TF.js version (or per build) keeps the scripts current instead.
 */
export function ensureThreadScripts(dir: string = defaultThreadScriptDir()): { worker: string; main: string } {
  const paths = threadScriptPaths(dir);
  return existsSync(paths.main) && existsSync(paths.worker) ? paths : writeThreadScripts(dir);
}
