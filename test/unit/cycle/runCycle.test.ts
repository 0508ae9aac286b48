import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CycleEvent } from '../../../src/core/cycle/runCycle';
import { runCycle, tallyKey } from '../../../src/core/cycle/runCycle';
import type { TrainJob, TrainOutcome } from '../../../src/core/cycle/trainPort';
import { createMutationGenerator, libraryMutate } from '../../../src/core/generate/mutationGenerator';
import { netApiChecker } from '../../../src/core/generate/netApiChecker';
import { NoveltyChecker } from '../../../src/core/novelty/noveltyChecker';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';
import { HistoryStore } from '../../../src/core/store/historyStore';
import type { EpochMetrics } from '../../../src/shared/trainerProtocol';

const referenceNet = fs.readFileSync(path.join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');
const snippets = loadSnippetLibrary(path.join(__dirname, '../../../snippets'));

/** A trainer that reports one epoch with accuracies from a script, in order. */
function scriptedTrainer(accuracies: (number | 'fail')[]) {
  const jobs: TrainJob[] = [];
  const train = async (job: TrainJob): Promise<TrainOutcome> => {
    jobs.push(job);
    const next = accuracies[jobs.length - 1] ?? 0.5;
    if (next === 'fail')
      return { status: 'failed', reason: 'nan-loss', message: 'the loss became NaN at batch 3', epochs: [] };
    const epoch: EpochMetrics = {
      epoch: 1,
      trainLoss: 0.7,
      trainAccuracy: next - 0.02,
      testAccuracy: next,
      durationS: 2,
      samplesPerSec: 500,
      batches: 10,
      stoppedEarly: false,
      backend: 'cpu',
      paramCount: 1234,
      numTensors: 20,
      rssMB: 200,
    };
    job.onEpoch?.(epoch);
    return {
      status: 'ok',
      epochs: [epoch],
      summary: {
        op: 'train',
        dataset: job.dataset,
        backend: 'cpu',
        skipped: [],
        paramCount: 1234,
        epochs: 1,
        finalTestAccuracy: next,
        bestTestAccuracy: next,
        totalDurationS: 2,
        peakRssMB: 200,
        hyperparameters: { ...job.hyperparameters },
      },
    };
  };
  return { train, jobs };
}

describe('runCycle (real store, checker, mutation generator and novelty; scripted trainer)', () => {
  let dir: string;
  let store: HistoryStore;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nngpt-cycle-'));
    store = await HistoryStore.open({ path: path.join(dir, 'history.sqlite'), flushDelayMs: 5 });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const settings = {
    candidates: 4,
    dataset: 'fashion-mnist',
    threshold: 0.7,
    trusted: false,
    k: 3,
    maxRepairs: 1,
    randomSeed: 7,
  };
  const seed = { code: referenceNet, fileName: 'referenceCnn.net.ts', name: 'referenceCnn' };

  it('generates, trains, admits above the threshold and reports the statistics of the novelty-loop paper', async () => {
    const trainer = scriptedTrainer([0.82, 0.65, 'fail', 0.9]);
    const events: CycleEvent[] = [];
    const deps = {
      store,
      novelty: new NoveltyChecker(),
      generator: createMutationGenerator(libraryMutate(snippets)),
      checker: netApiChecker,
      train: trainer.train,
    };
    const result = await runCycle(deps, seed, settings, { onEvent: (e) => events.push(e) });

    assert.equal(result.status, 'completed');
    const s = result.stats;
    assert.equal(s.candidates, 4);
    // Exactly the novel candidates reach the trainer; invalid and (near-)duplicate ones are rejected before training.
    assert.ok(countStatus(events, 'novel') > 0, 'the offline generator makes novel variants of the reference Net');
    assert.equal(trainer.jobs.length, countStatus(events, 'novel'));
    assert.equal(s.valid, s.candidates - countStatus(events, 'invalid') - countStatus(events, 'failed'));
    const trainedAccuracies = [0.82, 0.65, 'fail', 0.9]
      .slice(0, trainer.jobs.length)
      .filter((a): a is number => a !== 'fail');
    assert.equal(s.trained, trainedAccuracies.length);
    assert.equal(s.novelAdmitted, trainedAccuracies.filter((a) => a >= 0.7).length);
    assert.equal(s.best, trainedAccuracies.length ? Math.max(...trainedAccuracies) : null);
    assert.ok(s.validRateCi[0] <= s.validRate && s.validRate <= s.validRateCi[1]);
    assert.equal(s.corpusSize, 1 + s.novelAdmitted, 'the seed plus the admitted variants');

    // The store holds the cycle, its variants with lineage, runs and epochs.
    const tree = store.historyTree();
    const cycleNode = tree.find((n) => n.cycle?.id === result.cycleId)!;
    assert.equal(cycleNode.cycle!.status, 'completed');
    const seedId = store.listVariants().find((v) => v.variant.generator === 'seed')!.variant.id;
    // Each candidate's parent is the seed or an elite measured earlier in the cycle, with the reason recorded.
    for (const row of store.listVariants({ cycleFrom: result.cycleId, cycleTo: result.cycleId })) {
      const v = row.variant;
      assert.ok(
        v.parentReason === 'seed'
          ? v.parentId === seedId
          : (v.parentReason === 'exploit' || v.parentReason === 'explore') &&
              store.getVariant(v.parentId!)!.cycleId === result.cycleId,
        `${v.name}: ${v.parentReason} ${v.parentId}`,
      );
    }
    const runs = store.listRuns({ cycleId: result.cycleId });
    assert.equal(runs.length, trainer.jobs.length);
    for (const run of runs.filter((r) => r.status === 'completed')) assert.equal(store.epochs(run.id).length, 1);
    if (result.best) assert.equal(result.best.accuracy, s.best);
    assert.deepEqual(
      events.filter((e) => e.type === 'started' || e.type === 'finished').map((e) => e.type),
      ['started', 'finished'],
    );
  });

  it('a cancelled cycle stops, is marked cancelled, and resumes where it stopped', async () => {
    const controller = new AbortController();
    const trainer = scriptedTrainer([0.8, 0.8, 0.8, 0.8, 0.8, 0.8]);
    const novelty = new NoveltyChecker();
    const deps = {
      store,
      novelty,
      generator: createMutationGenerator(libraryMutate(snippets)),
      checker: netApiChecker,
      train: trainer.train,
    };
    const first = await runCycle(deps, seed, settings, {
      signal: controller.signal,
      onEvent: (e) => e.type === 'candidate' && e.candidate === 2 && controller.abort(),
    });
    assert.equal(first.status, 'cancelled');
    assert.equal(store.getCycle(first.cycleId)!.status, 'cancelled');
    const before = JSON.parse(store.getMeta(tallyKey(first.cycleId))!).candidates as number;
    assert.ok(before >= 2 && before < settings.candidates, `stopped after ${before} candidates`);

    const resumed = await runCycle({ ...deps, novelty: new NoveltyChecker() }, seed, settings, {
      resumeCycleId: first.cycleId,
    });
    assert.equal(resumed.cycleId, first.cycleId);
    assert.equal(resumed.status, 'completed');
    assert.equal(resumed.stats.candidates, settings.candidates, 'the resumed cycle only makes the missing candidates');
  });
});

function countStatus(events: readonly CycleEvent[], status: string): number {
  return events.filter((e) => e.type === 'candidate' && e.status === status).length;
}
