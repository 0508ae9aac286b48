// A cycle at parallel 2 through the real forked, sandboxed trainer on real Fashion-MNIST (a few
// batches each): two trainer processes run at once, and every candidate is recorded once.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CycleEvent } from '../../../src/core/cycle/runCycle';
import { runCycle } from '../../../src/core/cycle/runCycle';
import { createMutationGenerator, libraryMutate } from '../../../src/core/generate/mutationGenerator';
import { netApiChecker } from '../../../src/core/generate/netApiChecker';
import { NoveltyChecker } from '../../../src/core/novelty/noveltyChecker';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';
import { HistoryStore } from '../../../src/core/store/historyStore';
import { createTrainPort } from '../../../src/core/training/trainerProcessPorts';
import { trainerBundle } from './trainerBundle';

const root = resolve(__dirname, '../../..');
const reference = readFileSync(join(root, 'examples/nets/referenceCnn.net.ts'), 'utf8');

describe('a cycle with two real trainers at once', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'nngpt-parallel-trainers-'))));
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('runs two trainer processes side by side and records each candidate once', async () => {
    const trainerPath = await trainerBundle();
    const store = await HistoryStore.open({ path: join(dir, 'history.sqlite'), flushDelayMs: 5 });
    const train = createTrainPort(
      { cacheDir: join(dir, 'cache'), trainerPath },
      {
        epochs: 1,
        batchSize: 32,
        maxTrainBatches: 4,
        dataDir: '/usr/share/datasets/fashion-mnist',
        backend: 'wasm',
        wasmThreads: 1,
      },
    );
    const events: { at: number; event: CycleEvent }[] = [];
    const result = await runCycle(
      {
        store,
        novelty: new NoveltyChecker(),
        generator: createMutationGenerator(libraryMutate(loadSnippetLibrary(join(root, 'snippets')))),
        checker: netApiChecker,
        train,
      },
      { code: reference, fileName: 'referenceCnn.net.ts', name: 'referenceCnn' },
      {
        candidates: 3,
        dataset: 'fashion-mnist',
        threshold: 0,
        trusted: true,
        k: 3,
        maxRepairs: 1,
        randomSeed: 21,
        parallel: 2,
      },
      { onEvent: (event) => events.push({ at: Date.now(), event }) },
    );
    try {
      assert.equal(result.status, 'completed');
      const novel = events.filter(({ event: e }) => e.type === 'candidate' && e.status === 'novel').length;
      assert.ok(novel >= 2, `${novel} novel candidates: enough for two trainers`);

      // Two runs were live at once: one had reported its backend (its trainer process was up) while
      // the other was between its start and its end.
      let live = 0;
      let most = 0;
      const ready = new Set<number>();
      let bothReady = false;
      for (const { event: e } of events) {
        if (e.type === 'training') most = Math.max(most, ++live);
        else if (e.type === 'trained') {
          live--;
          ready.delete(e.runId);
        } else if (e.type === 'ready') {
          ready.add(e.runId);
          bothReady ||= ready.size === 2;
        }
      }
      assert.equal(most, 2, 'at most and at least two runs were live together');
      assert.ok(bothReady, 'two trainer processes had started their backend at the same time');

      const runs = store.listRuns({ cycleId: result.cycleId });
      assert.equal(runs.length, novel, 'one run per novel candidate');
      assert.equal(new Set(runs.map((r) => r.variantId)).size, novel);
      for (const run of runs) {
        assert.equal(run.status, 'completed', `${run.variantName}: ${run.failureReason ?? ''}`);
        assert.equal(run.backend, 'wasm');
        assert.ok(run.testAccuracy !== null && run.testAccuracy > 0);
        assert.equal(store.epochs(run.id).length, 1);
      }
      assert.equal(result.stats.trained, novel);
    } finally {
      await store.close();
    }
  });
});
