// Child-process probe for wasmThreads.test.ts: starts the threaded wasm backend through
// tuneBackend (its own process, so the test runner's backends stay untouched), trains one
// conv-gradient step (and steps on our SIMD module's kernels), and prints the thread count, the
// largest difference from the cpu backend and whether the SIMD module runs on this build's memory.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { tuneBackend, wasmThreadsInUse } from '../../../src/trainer/perf/tuneBackend';
import { simdKernels } from '../../../src/trainer/perf/wasmSimdModule';
import type { KernelBackend } from '../../../src/trainer/perf/wasmKernelRun';

async function main(): Promise<void> {
  const threads = Number(process.argv[2]);
  const wasmDir = join(__dirname, '..', '..', '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
  const tuning = tuneBackend('wasm', { threads, wasmDir, threadScriptDir: process.argv[3] });
  const grads = () => {
    const x = tf.randomNormal([8, 14, 14, 16], 0, 1, 'float32', 1);
    const f = tf.randomNormal([3, 3, 16, 32], 0, 1, 'float32', 2);
    return tf
      .grads((a: tf.Tensor, b: tf.Tensor) =>
        tf
          .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')
          .relu()
          .sum(),
      )([x, f])
      .concat(
        // Our SIMD module's kernels, over the threaded build's shared memory: attention's batched
        // matMul and a 7×7 depthwise convolution, with their gradients.
        tf.grads((q: tf.Tensor, k: tf.Tensor) => tf.matMul(q, k, false, true).square().sum())([
          tf.randomNormal([2, 3, 9, 8], 0, 1, 'float32', 3),
          tf.randomNormal([2, 3, 9, 8], 0, 1, 'float32', 4),
        ]),
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf
            .depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')
            .square()
            .sum(),
        )([tf.randomNormal([2, 9, 9, 8], 0, 1, 'float32', 5), tf.randomNormal([7, 7, 8, 1], 0, 1, 'float32', 6)]),
      )
      .map((g) => g.dataSync());
  };
  await tf.setBackend('cpu');
  const want = grads();
  await tf.setBackend('wasm');
  const got = grads();
  let worst = 0;
  want.forEach((w, i) => w.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - got[i][k]) / (1 + Math.abs(v))))));
  const simd = simdKernels(tf.backend() as unknown as KernelBackend) !== undefined;
  console.log(JSON.stringify({ threads: wasmThreadsInUse(), notes: tuning.notes, worst, simd }));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
