/**
 * The one loop over cycles with the archive: an LLM cycle (real openai SDK against a local
 * server, real store, checker and novelty; scripted trainer) sends prompts that carry the
 * parent's measured accuracy, inspirations from the archive with theirs, and the parent's last
 * failures; parents, edit outcomes and tokens are recorded.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CycleEvent } from '../../../src/core/cycle/runCycle';
import { runCycles } from '../../../src/core/cycle/runCycles';
import type { TrainJob, TrainOutcome } from '../../../src/core/cycle/trainPort';
import { createLlmGenerator } from '../../../src/core/generate/llmGenerator';
import { createMutationGenerator, libraryMutate } from '../../../src/core/generate/mutationGenerator';
import { netApiChecker } from '../../../src/core/generate/netApiChecker';
import { createPromptPort } from '../../../src/core/generate/promptPort';
import { decodingFrom, defaultLlmSettings } from '../../../src/core/llm/llmClient';
import { createOpenAiClient } from '../../../src/core/llm/openAiClient';
import { NoveltyChecker } from '../../../src/core/novelty/noveltyChecker';
import { loadPromptTemplates } from '../../../src/core/prompts/loadPromptTemplates';
import { loadSnippetLibrary } from '../../../src/core/retrieve/loadSnippetLibrary';
import { HistoryStore } from '../../../src/core/store/historyStore';
import type { EpochMetrics } from '../../../src/shared/trainerProtocol';
import type { FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { startFakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { fakeEpoch } from '../../support/cycleFixtures';

const root = path.join(__dirname, '../../..');
const referenceNet = fs.readFileSync(path.join(root, 'examples/nets/referenceCnn.net.ts'), 'utf8');
const snippets = loadSnippetLibrary(path.join(root, 'snippets'));
const templates = loadPromptTemplates(path.join(root, 'prompts'));
const conv = "tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),\n        ";
const deeper = referenceNet.replace('tf.layers.flatten(),', `${conv}${conv}tf.layers.flatten(),`);
const narrow = referenceNet.replace('units: 64', 'units: 8');
const hp = '```yaml\nlr: 0.02\nmomentum: 0.85\ndropout: 0.3\nbatch: 32\n```\n';

function trainer(accuracy: number) {
  const jobs: TrainJob[] = [];
  const train = async (job: TrainJob): Promise<TrainOutcome> => {
    jobs.push(job);
    const epoch: EpochMetrics = { ...fakeEpoch(accuracy), paramCount: 30_000 + jobs.length };
    job.onEpoch?.(epoch);
    return {
      status: 'ok',
      epochs: [epoch],
      summary: {
        op: 'train',
        dataset: job.dataset,
        backend: 'cpu',
        skipped: [],
        paramCount: epoch.paramCount,
        epochs: 1,
        finalTestAccuracy: accuracy,
        bestTestAccuracy: accuracy,
        totalDurationS: 1,
        peakRssMB: 200,
        hyperparameters: { ...job.hyperparameters },
      },
    };
  };
  return { train, jobs };
}

describe('runCycles: the loop with the archive', () => {
  let dir: string;
  let store: HistoryStore;
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nngpt-loop-'));
    store = await HistoryStore.open({ path: path.join(dir, 'history.sqlite'), flushDelayMs: 5 });
    server = await startFakeOpenAiServer();
  });
  afterEach(async () => {
    await server.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A Net measured earlier, as a run by hand would leave it. */
  function measured(code: string, name: string, accuracy: number, paramCount: number): string {
    const { id } = store.addVariant({ code, name, generator: 'mutation', status: 'admitted' });
    const run = store.startRun({ variantId: id, dataset: 'fashion-mnist' });
    store.addEpoch(run, {
      epoch: 1,
      trainLoss: 1,
      trainAccuracy: accuracy,
      testLoss: null,
      testAccuracy: accuracy,
      durationMs: 1,
      samplesPerSecond: 1,
    });
    store.updateRun(run, { status: 'completed', testAccuracy: accuracy, paramCount });
    return id;
  }

  const seed = { code: referenceNet, fileName: 'referenceCnn.net.ts', name: 'referenceCnn' };
  const base = {
    candidates: 2,
    dataset: 'fashion-mnist',
    trusted: false,
    k: 2,
    maxRepairs: 0,
    randomSeed: 11,
    stopMinGainPoints: 0,
  };
  const user = (i: number) =>
    (server.requests[i].body.messages as { role: string; content: string }[]).find((m) => m.role === 'user')!.content;
  const llm = () => {
    const settings = { ...defaultLlmSettings, baseUrl: server.baseUrl, model: 'local' };
    const client = createOpenAiClient({
      settings,
      apiKey: 'sk-local',
      retryDelays: { baseDelayMs: 5, maxDelayMs: 50 },
    });
    const task = {
      task: 'image classification',
      dataset: 'Fashion-MNIST',
      inShape: [28, 28, 1],
      outShape: [10],
      paramBudget: 500_000,
    };
    return createLlmGenerator({
      client,
      prompts: createPromptPort(templates, snippets, task),
      decoding: decodingFrom(settings),
      editFormat: 'diff',
    });
  };

  it('prompts carry the parent and its accuracy, inspirations with theirs, and the parent’s failures', async () => {
    const seedId = measured(referenceNet, 'referenceCnn', 0.72, 106_000);
    measured(deeper, 'deeperCnn', 0.8, 120_000);
    measured(narrow, 'narrowCnn', 0.65, 14_000);
    const applies =
      hp +
      `<<<<<<< SEARCH\n        tf.layers.flatten(),\n=======\n        ${conv}tf.layers.flatten(),\n>>>>>>> REPLACE\n`;
    // Cycle 1: a diff without blocks, its repair without blocks, the whole-file retry without code; then a diff that applies.
    server.script(
      { text: 'I cannot write that.' },
      { text: 'Still nothing.' },
      { text: 'Nothing.' },
      { text: applies },
    );
    // Cycle 2: nothing usable, three requests per candidate.
    server.script(...Array.from({ length: 6 }, () => ({ text: 'no code' })));
    const events: CycleEvent[] = [];
    const t = trainer(0.74);
    const loop = await runCycles(
      { store, newNovelty: () => new NoveltyChecker(), generator: llm(), checker: netApiChecker, train: t.train },
      seed,
      {
        ...base,
        count: 2,
        search: {
          archive: { paramBuckets: [25_000, 100_000, 250_000], descriptor: 'depth' },
          ratios: { exploit: 0, explore: 0, seed: 1 },
          inspirations: 2,
          failures: 3,
        },
      },
      { onEvent: (e) => events.push(e) },
    );
    assert.equal(loop.cycles.length, 2);
    assert.equal(loop.cycles[0].stats.search!.parents.seed, 2);
    // Candidate 1: the parent (the seed, measured), two inspirations from the archive with accuracy and size.
    assert.match(user(0), /Its measured first-epoch accuracy on Fashion-MNIST is 72\.0%/);
    assert.match(user(0), /Other Nets this search has measured on Fashion-MNIST \(2\)/);
    assert.match(user(0), /### deeperCnn \(vgg\): 80\.0% first-epoch accuracy, 120,000 parameters/);
    assert.match(user(0), /### narrowCnn \(vgg\): 65\.0% first-epoch accuracy, 14,000 parameters/);
    assert.doesNotMatch(user(0), /Recent candidates made from this seed Net failed/);
    // Its reply had no blocks; the diff repair had none either; the whole-file retry had no code: a failure of the seed, in the next prompt.
    assert.match(user(1), /Problem: The reply has no SEARCH\/REPLACE block/);
    assert.match(
      user(3),
      /Recent candidates made from this seed Net failed\. Do not repeat these mistakes:\n- The reply contained no TypeScript code/,
    );
    assert.match(user(2), /Write the new Net now, in the reply format\./);
    assert.equal(server.requests.length, 10);
    assert.equal(store.listFailures(seedId).length, 3);
    const second = store.listVariants().find((v) => v.variant.cycleId === loop.cycles[0].cycleId)!.variant;
    assert.equal(second.editOutcome, 'diff applied');
    // Every candidate's parent and reason is in the store with its tokens; the cycle sums them.
    const made = store.listVariants().filter((v) => v.variant.cycleId !== null);
    for (const { variant } of made) {
      assert.deepEqual([variant.parentId, variant.parentReason], [seedId, 'seed']);
      assert.ok(variant.tokens && variant.tokens.promptTokens > 0);
    }
    const tokens = loop.cycles.reduce((n, c) => n + c.stats.search!.promptTokens + c.stats.search!.completionTokens, 0);
    assert.ok(tokens > 0);
    const candidates = events.filter((e): e is Extract<CycleEvent, { type: 'candidate' }> => e.type === 'candidate');
    assert.deepEqual(
      candidates.map((e) => e.reason),
      ['seed', 'seed', 'seed', 'seed'],
    );
  });

  it('the offline generator draws its parents from the archive too, reproducibly; a trained candidate joins the archive', async () => {
    measured(referenceNet, 'referenceCnn', 0.72, 106_000);
    measured(deeper, 'deeperCnn', 0.8, 120_000);
    const run = async (where: string) => {
      const s = await HistoryStore.open({ path: path.join(dir, where), flushDelayMs: 5 });
      try {
        for (const v of store.listEvaluated('fashion-mnist')) {
          const { id } = s.addVariant({ code: v.code, name: v.name, generator: 'mutation', status: 'admitted' });
          const r = s.startRun({ variantId: id, dataset: 'fashion-mnist' });
          s.addEpoch(r, {
            epoch: 1,
            trainLoss: 1,
            trainAccuracy: v.accuracy,
            testLoss: null,
            testAccuracy: v.accuracy,
            durationMs: 1,
            samplesPerSecond: 1,
          });
          s.updateRun(r, { status: 'completed', paramCount: v.paramCount });
        }
        const events: CycleEvent[] = [];
        const loop = await runCycles(
          {
            store: s,
            newNovelty: () => new NoveltyChecker(),
            generator: createMutationGenerator(libraryMutate(snippets)),
            checker: netApiChecker,
            train: trainer(0.9).train,
          },
          seed,
          { ...base, candidates: 4, count: 1 },
          { onEvent: (e) => events.push(e) },
        );
        return {
          loop,
          picks: events.flatMap((e) => (e.type === 'candidate' ? [`${e.parentName}:${e.reason}`] : [])),
          filled: loop.cycles[0].stats.search!.archiveFilled,
        };
      } finally {
        await s.close();
      }
    };
    const a = await run('a.sqlite');
    const b = await run('b.sqlite');
    assert.deepEqual(a.picks, b.picks, 'the same generation seed picks the same parents');
    assert.ok(
      a.picks.some((p) => /:(exploit|explore)$/.test(p)),
      a.picks.join(', '),
    );
    const stats = a.loop.cycles[0].stats;
    assert.ok(stats.trained > 0);
    assert.equal(
      stats.novelAdmitted,
      stats.trained,
      "90% clears Fashion-MNIST's default threshold (70%), which the loop resolved",
    );
    assert.ok(a.filled >= 3, 'the two measured Nets plus a trained candidate in the 25k–100k bucket');
  });
});
