// Child-process probe for wasmThreads.test.ts: starts the threaded wasm backend through
// tuneBackend (its own process, so the test runner's backends stay untouched), trains one
// conv-gradient step, and prints the thread count and the largest difference from the cpu backend.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { tuneBackend, wasmThreadsInUse } from '../../../src/trainer/perf/tuneBackend';

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
      .map((g) => g.dataSync());
  };
  await tf.setBackend('cpu');
  const want = grads();
  await tf.setBackend('wasm');
  const got = grads();
  let worst = 0;
  want.forEach((w, i) => w.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - got[i][k]) / (1 + Math.abs(v))))));
  console.log(JSON.stringify({ threads: wasmThreadsInUse(), notes: tuning.notes, worst }));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
