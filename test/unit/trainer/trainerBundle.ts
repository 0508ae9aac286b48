/**
 * Builds the trainer bundle the way esbuild.js does, into .cache/test-trainer/ inside the repository
 * (so it resolves node_modules like dist/trainer.js does), with the wasm binaries beside it. Once per
 * test process.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeThreadScripts } from '../../../src/trainer/perf/wasmThreadScripts';

const repo = resolve(__dirname, '../../..');
const outDir = join(repo, '.cache', 'test-trainer');
let built: Promise<string> | undefined;

async function buildOnce(): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'trainer.js');
  await build({
    entryPoints: [join(repo, 'src/trainer/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'webgpu'],
    logLevel: 'silent',
  });
  const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    copyFileSync(join(wasmDir, f), join(outDir, f));
  }
  // As esbuild.js does: the threaded wasm build's worker scripts, readable by the sandboxed trainer.
  writeThreadScripts(join(outDir, 'wasm-threads'));
  return outfile;
}

/** Path of a freshly built trainer.js. */
export function trainerBundle(): Promise<string> {
  built ??= buildOnce();
  return built;
}
