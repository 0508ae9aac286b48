/** What cycle tests share: a history store in a fresh folder, and the metrics of a fake finished epoch. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryStore } from '../../src/core/store/historyStore';
import type { EpochMetrics } from '../../src/shared/trainerProtocol';

/** A writable store in a new temp folder; `dispose` closes it and removes the folder. */
export async function openTempStore(prefix: string): Promise<{ store: HistoryStore; dispose: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const store = await HistoryStore.open({ path: path.join(dir, 'history.sqlite'), flushDelayMs: 5 });
  return {
    store,
    dispose: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One epoch of a small Net at `accuracy` on the cpu backend. */
export function fakeEpoch(accuracy: number, batches = 10): EpochMetrics {
  return {
    epoch: 1,
    trainLoss: 0.7,
    trainAccuracy: accuracy,
    testAccuracy: accuracy,
    durationS: 1,
    samplesPerSec: 500,
    batches,
    stoppedEarly: false,
    backend: 'cpu',
    paramCount: 1234,
    numTensors: 20,
    rssMB: 200,
  };
}
