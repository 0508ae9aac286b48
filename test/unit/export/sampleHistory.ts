// A small history on disk that the export tests read: two cycles, a parent and child, a
// rejected variant, an admitted one never trained, and a two-epoch run.
import * as path from 'node:path';
import { HistoryStore } from '../../../src/core/store/historyStore';

/** The ids the tests refer to. */
export interface SampleIds {
  parent: string;
  child: string;
  rejected: string;
  untrained: string;
  twoEpochRun: number;
}

function net(units: number): string {
  return `export class Net {\n  forward(x) { return tf.layers.dense({ units: ${units} }).apply(x); }\n}\n`;
}

/** Writes the sample history into `dir/history.sqlite` and returns its path and ids. */
export async function writeSampleHistory(dir: string): Promise<{ file: string; ids: SampleIds }> {
  const file = path.join(dir, 'history.sqlite');
  let clock = 1_000;
  const store = await HistoryStore.open({ path: file, now: () => clock++ });
  const c1 = store.startCycle();
  const c2 = store.startCycle();
  const parent = store.addVariant({
    code: net(1),
    generator: 'llm',
    cycleId: c1,
    status: 'admitted',
    prompt: { system: 'SYS', user: 'USER' },
  }).id;
  const child = store.addVariant({
    code: net(2),
    generator: 'mutation',
    cycleId: c2,
    parentId: parent,
    status: 'admitted',
  }).id;
  const rejected = store.addVariant({ code: net(3), generator: 'mutation', cycleId: c2, status: 'rejected' }).id;
  const untrained = store.addVariant({ code: net(4), generator: 'manual', status: 'admitted' }).id;
  const finish = (variantId: string, accuracy: number, status: 'completed' | 'failed' = 'completed'): number => {
    const run = store.startRun({
      variantId,
      dataset: 'cifar10',
      backend: 'wasm',
      hyperparameters: { lr: 0.01, momentum: 0.9, dropout: 0.2 },
      batchSize: 64,
      transform: 'norm',
    });
    store.updateRun(run, { status, testAccuracy: accuracy, durationMs: 1500 });
    return run;
  };
  const twoEpochRun = finish(parent, 0.5);
  store.addEpoch(twoEpochRun, {
    epoch: 1,
    trainLoss: 2,
    trainAccuracy: 0.3,
    testLoss: 1.9,
    testAccuracy: 0.4,
    durationMs: 1000,
    samplesPerSecond: 50,
  });
  store.addEpoch(twoEpochRun, {
    epoch: 2,
    trainLoss: 1.5,
    trainAccuracy: 0.45,
    testLoss: 1.4,
    testAccuracy: 0.5,
    durationMs: 500,
    samplesPerSecond: 60,
  });
  finish(child, 0.3);
  finish(child, 0.95, 'failed');
  finish(rejected, 0.9);
  await store.close();
  return { file, ids: { parent, child, rejected, untrained, twoEpochRun } };
}
