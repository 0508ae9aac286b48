// Several trainers at once: the real store, checker, mutation generator and novelty, with a fake
// trainer that records how many jobs run at the same time and holds them until the test lets go.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CycleEvent } from '../../../src/core/cycle/runCycle';
import { runCycle, tallyKey } from '../../../src/core/cycle/runCycle';
import { parseTally } from '../../../src/core/cycle/cycleTally';
import type { TrainJob, TrainOutcome } from '../../../src/core/cycle/trainPort';
import { createMutationGenerator, libraryMutate } from '../../../src/core/generate/mutationGenerator';
import { netApiChecker } from '../../../src/core/generate/netApiChecker';
import { NoveltyChecker } from '../../../src/core/novelty/noveltyChecker';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';
import type { HistoryStore } from '../../../src/core/store/historyStore';
import { fakeEpoch, openTempStore } from '../../support/cycleFixtures';

const referenceNet = fs.readFileSync(path.join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');
const snippets = loadSnippetLibrary(path.join(__dirname, '../../../snippets'));

/**
 * A trainer whose jobs stay running until `parallel` of them are live at once (or a fallback
 * timeout, so a slow generator cannot hang the test), then finish; or, with `holdUntilAborted`,
 * until their signal aborts. Records the most jobs it saw at the same time.
 */
function gatedTrainer(parallel: number, options: { holdUntilAborted?: boolean } = {}) {
  const jobs: TrainJob[] = [];
  const abortedWhileLive: TrainJob[] = [];
  let live = 0;
  let maxLive = 0;
  let openGate: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const train = async (job: TrainJob): Promise<TrainOutcome> => {
    jobs.push(job);
    live++;
    maxLive = Math.max(maxLive, live);
    if (live >= parallel) openGate();
    try {
      job.onProgress?.({
        type: 'progress',
        runId: 'fake',
        epoch: 1,
        batch: 1,
        totalBatches: 2,
        loss: 1,
        samplesPerSec: 100,
      });
      if (options.holdUntilAborted) {
        await new Promise<void>((resolve) => {
          if (job.signal?.aborted) return resolve();
          job.signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        abortedWhileLive.push(job);
        return { status: 'cancelled', reason: 'cancelled', message: 'training was cancelled', epochs: [] };
      }
      await Promise.race([gate, new Promise((resolve) => setTimeout(resolve, 3000))]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const accuracy = 0.5 + 0.4 * ((jobs.indexOf(job) % 5) / 5);
      const epoch = fakeEpoch(accuracy, 2);
      job.onEpoch?.(epoch);
      return { status: 'ok', epochs: [epoch] };
    } finally {
      live--;
    }
  };
  return { train, jobs, abortedWhileLive, maxLive: () => maxLive, live: () => live };
}

describe('runCycle with several trainers (real store, checker, generator, novelty; gated trainer)', () => {
  let store: HistoryStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => ({ store, dispose } = await openTempStore('nngpt-parallel-cycle-')));
  afterEach(() => dispose());

  const settings = {
    candidates: 8,
    dataset: 'fashion-mnist',
    threshold: 0.7,
    trusted: false,
    k: 3,
    maxRepairs: 1,
    randomSeed: 21,
  };
  const seed = { code: referenceNet, fileName: 'referenceCnn.net.ts', name: 'referenceCnn' };
  const deps = (train: (job: TrainJob) => Promise<TrainOutcome>) => ({
    store,
    novelty: new NoveltyChecker(),
    generator: createMutationGenerator(libraryMutate(snippets)),
    checker: netApiChecker,
    train,
  });

  for (const parallel of [1, 3]) {
    it(`runs at most ${parallel} job(s) at once, trains every novel candidate once and keeps the store whole`, async () => {
      const trainer = gatedTrainer(parallel);
      const events: CycleEvent[] = [];
      const result = await runCycle(
        deps(trainer.train),
        seed,
        { ...settings, parallel },
        { onEvent: (e) => events.push(e) },
      );

      assert.equal(result.status, 'completed');
      const novel = events.filter((e) => e.type === 'candidate' && e.status === 'novel').length;
      assert.ok(novel >= parallel, `the generator made ${novel} novel candidates, enough to fill ${parallel} trainers`);
      assert.equal(trainer.maxLive(), parallel, 'the trainers were all busy at once, and never more of them');
      assert.equal(trainer.jobs.length, novel, 'every novel candidate reached a trainer');
      assert.equal(new Set(trainer.jobs.map((j) => j.source)).size, novel, 'and none twice');

      const runs = store.listRuns({ cycleId: result.cycleId });
      assert.equal(runs.length, novel);
      assert.ok(runs.every((r) => r.status === 'completed'));
      assert.equal(new Set(runs.map((r) => r.variantId)).size, novel, 'one run per candidate');
      for (const run of runs) assert.equal(store.epochs(run.id).length, 1);
      const variants = store.listVariants({ cycleFrom: result.cycleId, cycleTo: result.cycleId });
      assert.ok(variants.every((v) => v.variant.status !== 'training' && v.variant.status !== 'queued'));
      assert.equal(result.stats.trained, novel);

      // Each run's events come between its 'training' and its 'trained', whatever the interleaving.
      const open = new Set<number>();
      for (const e of events) {
        if (e.type === 'training') open.add(e.runId);
        else if (e.type === 'progress' || e.type === 'epoch') assert.ok(open.has(e.runId), `run ${e.runId} is live`);
        else if (e.type === 'trained') assert.ok(open.delete(e.runId), `run ${e.runId} ends once`);
      }
      assert.equal(open.size, 0);

      const tally = parseTally(store.getMeta(tallyKey(result.cycleId)));
      assert.equal(tally.trainers, parallel);
      assert.ok(tally.trainerIdleS >= 0 && tally.trainerIdleS <= tally.wallS * parallel + 0.01);
    });
  }

  it('a cancel reaches every live run; the cycle resumes and trains each candidate exactly once', async () => {
    const parallel = 3;
    const controller = new AbortController();
    const held = gatedTrainer(parallel, { holdUntilAborted: true });
    const first = await runCycle(
      deps(held.train),
      seed,
      { ...settings, parallel },
      {
        signal: controller.signal,
        onEvent: (e) => {
          // Abort once all three trainers hold a run.
          if (e.type === 'training' && held.live() === parallel - 1) setImmediate(() => controller.abort());
        },
      },
    );
    assert.equal(first.status, 'cancelled');
    assert.equal(held.maxLive(), parallel);
    assert.equal(held.abortedWhileLive.length, held.jobs.length, 'every live run saw the abort');
    assert.equal(held.live(), 0, 'no run is left running');
    const cancelledRuns = store.listRuns({ cycleId: first.cycleId });
    assert.equal(cancelledRuns.length, held.jobs.length);
    assert.ok(cancelledRuns.every((r) => r.status === 'cancelled'));
    assert.ok(
      store
        .listVariants({ cycleFrom: first.cycleId, cycleTo: first.cycleId })
        .every((v) => v.variant.status !== 'training'),
      'a cancelled candidate is queued again, not left training',
    );

    const trainer = gatedTrainer(parallel);
    const resumed = await runCycle(
      { ...deps(trainer.train) },
      seed,
      { ...settings, parallel },
      {
        resumeCycleId: first.cycleId,
      },
    );
    assert.equal(resumed.status, 'completed');
    assert.equal(resumed.stats.candidates, settings.candidates);
    const runs = store.listRuns({ cycleId: first.cycleId, statuses: ['completed'] });
    assert.equal(runs.length, new Set(runs.map((r) => r.variantId)).size, 'no candidate completed twice');
    for (const job of held.jobs)
      assert.ok(
        trainer.jobs.some((j) => j.source === job.source),
        'each candidate cancelled mid-run is trained on resume',
      );
    const novel = store
      .listVariants({ cycleFrom: first.cycleId, cycleTo: first.cycleId })
      .filter((v) => ['admitted', 'rejected', 'trained', 'failed'].includes(v.variant.status));
    assert.equal(runs.length, novel.length, 'every novel candidate has one completed run');
  });
});
