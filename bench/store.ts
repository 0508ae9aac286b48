/**
 * `npm run bench:store [-- --count N]`: the history store at workspace scale. Inserts N variants
 * (default 10,000; ~1.5 KB of code and a 256-value signature each) in 100 cycles, with one or
 * two runs per variant and one epoch per run, persists, reopens the file, and times the rows the
 * history tree needs (median of 20 loads). Also times the results table (all runs) and one
 * run's epochs. Target (issue 3): tree query < 50 ms.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryStore } from '../src/core/store/historyStore';

function argCount(): number {
  const at = process.argv.indexOf('--count');
  const n = at < 0 ? 10_000 : Number(process.argv[at + 1]);
  if (!Number.isInteger(n) || n < 100)
    throw new Error(`--count needs an integer ≥ 100, got '${process.argv[at + 1] ?? ''}'`);
  return n;
}

function code(i: number): string {
  const layers = Array.from(
    { length: 12 },
    (_, k) =>
      `      tf.layers.conv2d({ filters: ${8 + ((i * 7 + k) % 64)}, kernelSize: 3, padding: 'same', activation: 'relu' }),`,
  );
  return `import * as tf from '@tensorflow/tfjs';\nexport class Net {\n  // variant ${i}\n  layers = [\n${layers.join('\n')}\n  ];\n}\n`;
}

function timeMedian(repeats: number, body: () => unknown): { median: number; first: number } {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    body();
    times.push(performance.now() - t0);
  }
  const first = times[0];
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], first };
}

async function main(): Promise<void> {
  const count = argCount();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nngpt-bench-store-'));
  const file = path.join(dir, 'history.sqlite');
  try {
    const store = await HistoryStore.open({ path: file });
    let runs = 0;
    const t0 = performance.now();
    let cycle = 0;
    for (let i = 0; i < count; i++) {
      if (i % Math.ceil(count / 100) === 0) {
        if (cycle) store.endCycle(cycle);
        cycle = store.startCycle({ dataset: 'fashion-mnist' });
      }
      const signature = Uint32Array.from({ length: 256 }, (_, k) => Math.imul(i + 1, 2654435761 + k) >>> 0);
      const { id } = store.addVariant({
        code: code(i),
        generator: i % 3 ? 'mutation' : 'llm',
        cycleId: cycle,
        name: `v${i}`,
        signature,
        hyperparameters: { lr: 0.01, momentum: 0.9 },
        status: 'trained',
        novelty: { score: (i % 100) / 100, nearestId: null, nearestSimilarity: 1 - (i % 100) / 100 },
      });
      for (let r = 0; r < 1 + (i % 2); r++) {
        const run = store.startRun({
          variantId: id,
          dataset: 'fashion-mnist',
          backend: 'wasm',
          hyperparameters: { lr: 0.01 },
          batchSize: 64,
        });
        const accuracy = 0.5 + ((i * 31 + r) % 40) / 100;
        store.addEpoch(run, {
          epoch: 1,
          trainLoss: 1,
          trainAccuracy: accuracy - 0.05,
          testLoss: 1,
          testAccuracy: accuracy,
          durationMs: 3000,
          samplesPerSecond: 2000,
        });
        store.updateRun(run, {
          status: 'completed',
          testAccuracy: accuracy,
          durationMs: 3000,
          paramCount: 100_000 + i,
        });
        runs++;
      }
    }
    const inserted = performance.now() - t0;
    await store.close();
    const persisted = performance.now() - t0;
    const size = fs.statSync(file).size;
    console.log(
      `bench:store — ${count.toLocaleString('en')} variants, ${runs.toLocaleString('en')} runs and epochs in 100 cycles`,
    );
    console.log(
      `insert: ${(inserted / 1000).toFixed(2)} s (${((inserted / count) * 1000).toFixed(0)} µs per variant with its runs); with the final persist ${(persisted / 1000).toFixed(2)} s; file ${(size / 2 ** 20).toFixed(1)} MiB`,
    );

    const t1 = performance.now();
    const reopened = await HistoryStore.open({ path: file, readOnly: true });
    console.log(`reopen (read + parse ${(size / 2 ** 20).toFixed(1)} MiB): ${(performance.now() - t1).toFixed(0)} ms`);
    let rows = 0;
    const tree = timeMedian(20, () => (rows = reopened.historyTree().reduce((n, c) => n + c.variants.length, 0)));
    console.log(
      `history tree (${rows.toLocaleString('en')} variant rows): median ${tree.median.toFixed(1)} ms, first ${tree.first.toFixed(1)} ms (target < 50 ms) ${tree.median < 50 ? 'OK' : 'MISSED'}`,
    );
    const table = timeMedian(5, () => reopened.listRuns());
    console.log(`results table (all ${runs.toLocaleString('en')} runs): median ${table.median.toFixed(1)} ms`);
    const epochs = timeMedian(20, () => reopened.epochs(Math.floor(runs / 2)));
    console.log(`epochs of one run: median ${epochs.median.toFixed(2)} ms`);
    await reopened.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
