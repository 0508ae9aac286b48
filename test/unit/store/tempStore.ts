// Shared by the store tests: a fresh temp folder per test and a small Net-like code sample.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HistoryStore } from '../../../src/core/store/historyStore';

/** A new empty folder under the OS temp dir; removed by the returned cleanup. */
export function tempDir(prefix = 'nngpt-store-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For the enclosing `describe`: a fresh folder and a store path in it for every test, removed after
 * it. Read `dir` and `file` inside the tests (they change per test).
 */
export function storeFileEachTest(name = 'history.sqlite'): { readonly dir: string; readonly file: string } {
  const current = { dir: '', file: '', cleanup: () => undefined as void };
  beforeEach(() => {
    const made = tempDir();
    Object.assign(current, { dir: made.dir, file: path.join(made.dir, name), cleanup: made.cleanup });
  });
  afterEach(() => current.cleanup());
  return current;
}

/** Distinct code for variant `n`. */
export function sampleCode(n: number): string {
  return `export class Net {\n  forward(x) { return tf.layers.dense({ units: ${n} }).apply(x); }\n}\n`;
}

/**
 * Records a completed run of `variantId` whose epochs reached these test accuracies (the last is
 * the run's), with a parameter count; returns the run id.
 */
export function recordCompletedRun(
  store: HistoryStore,
  variantId: string,
  epochAccuracies: readonly number[],
  options: { readonly dataset?: string; readonly paramCount?: number } = {},
): number {
  const run = store.startRun({ variantId, dataset: options.dataset ?? 'fashion-mnist', status: 'running' });
  epochAccuracies.forEach((accuracy, i) =>
    store.addEpoch(run, {
      epoch: i + 1,
      trainLoss: 1,
      trainAccuracy: accuracy,
      testLoss: null,
      testAccuracy: accuracy,
      durationMs: 10,
      samplesPerSecond: 100,
    }),
  );
  store.updateRun(run, {
    status: 'completed',
    testAccuracy: epochAccuracies.at(-1) ?? null,
    paramCount: options.paramCount ?? null,
  });
  return run;
}
