import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildCorpus, toJsonl } from '../../../src/core/export/fineTuneCorpus';
import { exportLemur, lemurModelName } from '../../../src/core/export/lemurExport';
import { applySearchReplace } from '../../../src/core/generate/searchReplace';
import { HistoryStore } from '../../../src/core/store/historyStore';
import { tempDir } from '../store/tempStore';
import type { SampleIds } from './sampleHistory';
import { writeSampleHistory } from './sampleHistory';

describe('exports from a history store', () => {
  let dir: string;
  let cleanup: () => void;
  let store: HistoryStore;
  let ids: SampleIds;

  beforeEach(async () => {
    ({ dir, cleanup } = tempDir('nngpt-export-'));
    const sample = await writeSampleHistory(dir);
    ids = sample.ids;
    store = await HistoryStore.open({ path: sample.file, readOnly: true });
  });
  afterEach(async () => {
    await store.close();
    cleanup();
  });

  it('writes admitted variants as system / user / assistant examples', () => {
    const corpus = buildCorpus(store);
    assert.deepEqual(corpus.variantIds, [ids.parent, ids.child, ids.untrained]);
    const [parent, child] = corpus.examples;
    assert.deepEqual(
      parent.messages.map((m) => m.role),
      ['system', 'user', 'assistant'],
    );
    assert.deepEqual(
      [parent.messages[0].content, parent.messages[1].content],
      ['SYS', 'USER'],
      'a stored prompt is kept',
    );
    assert.equal(child.messages[2].content, store.getVariant(ids.child)?.code);
    assert.match(child.messages[0].content, /TensorFlow\.js/);
    assert.ok(
      child.messages[1].content.includes(store.getVariant(ids.parent)?.code.trim() ?? '∅'),
      'a derived prompt carries the parent code',
    );
    assert.match(child.messages[1].content, /cifar10/);
    assert.equal(toJsonl(corpus.examples), toJsonl(buildCorpus(store).examples), 'deterministic');
    const lines = toJsonl(corpus.examples).split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(JSON.parse(lines[1]), child);
  });

  it('filters by best completed accuracy and cycle range', () => {
    const good = buildCorpus(store, { minAccuracy: 0.4 });
    assert.deepEqual(good.variantIds, [ids.parent]);
    assert.equal(good.belowAccuracy, 2, 'the failed 0.95 run does not count');
    assert.deepEqual(buildCorpus(store, { cycleFrom: 2, cycleTo: 2 }).variantIds, [ids.child]);
    assert.deepEqual(buildCorpus(store, { statuses: ['rejected'] }).variantIds, [ids.rejected]);
  });

  it('makes one example per task for variants without a stored prompt, as the novelty-loop paper does', () => {
    const corpus = buildCorpus(store, { tasks: ['MNIST (28×28 grayscale)', 'CIFAR-10 (32×32 RGB)'] });
    assert.deepEqual(corpus.variantIds, [ids.parent, ids.child, ids.child, ids.untrained, ids.untrained]);
    assert.match(corpus.examples[1].messages[1].content, /MNIST \(28×28 grayscale\)/);
    assert.match(corpus.examples[2].messages[1].content, /CIFAR-10 \(32×32 RGB\)/);
    assert.equal(corpus.examples[1].messages[2].content, corpus.examples[2].messages[2].content);
  });

  it("writes completed runs in LEMUR's stat layout with the Nets' code", () => {
    const out = path.join(dir, 'lemur');
    const result = exportLemur(store, out);
    assert.equal(result.trials, 4, 'two epochs of one run, one trial each for two single runs');
    const folder = path.join(out, 'stat', `img-classification_cifar-10_acc_${lemurModelName(ids.parent)}`);
    const second = JSON.parse(fs.readFileSync(path.join(folder, '2.json'), 'utf8'));
    assert.equal(second.length, 1);
    assert.deepEqual(Object.keys(second[0]), [
      'accuracy',
      'batch',
      'dropout',
      'duration',
      'lr',
      'momentum',
      'transform',
      'uid',
    ]);
    assert.deepEqual(
      { ...second[0], uid: undefined },
      {
        accuracy: 0.5,
        batch: 64,
        dropout: 0.2,
        duration: 1.5e9,
        lr: 0.01,
        momentum: 0.9,
        transform: 'norm',
        uid: undefined,
      },
    );
    assert.match(second[0].uid, /^[0-9a-f]{32}$/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(folder, '1.json'), 'utf8'))[0].duration, 1e9);
    assert.equal(
      fs.readFileSync(path.join(out, 'nn', `${lemurModelName(ids.child)}.ts`), 'utf8'),
      store.getVariant(ids.child)?.code,
    );
    assert.ok(!fs.existsSync(path.join(out, 'nn', `${lemurModelName(ids.untrained)}.ts`)));
  });
});

describe('the fine-tune corpus for diff-mode replies', () => {
  let cleanup: () => void;
  let store: HistoryStore;
  const parentCode = 'import * as tf from "@tensorflow/tfjs";\nexport class Net {\n  units = 8;\n  act = "relu";\n}\n';
  const childCode = 'import * as tf from "@tensorflow/tfjs";\nexport class Net {\n  units = 16;\n  act = "relu";\n}\n';
  const diffPrompt = { system: 'SYS', user: 'Answer with SEARCH/REPLACE blocks against the seed.' };

  beforeEach(async () => {
    let dir: string;
    ({ dir, cleanup } = tempDir('nngpt-export-diff-'));
    store = await HistoryStore.open({ path: path.join(dir, 'history.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    cleanup();
  });

  const add = (code: string, extra: Partial<Parameters<HistoryStore['addVariant']>[0]>) =>
    store.addVariant({ code, generator: 'llm', status: 'admitted', ...extra }).id;

  it('answers a diff prompt with the blocks from parent to variant, which apply to give its code', () => {
    const parent = add(parentCode, { generator: 'seed' });
    const applied = add(childCode, { parentId: parent, prompt: diffPrompt, editOutcome: 'diff applied' });
    const repaired = add(childCode.replace('relu', 'gelu'), {
      parentId: parent,
      prompt: diffPrompt,
      editOutcome: 'diff repaired',
    });
    const corpus = buildCorpus(store);
    assert.equal(corpus.diffReplies, 2);
    assert.equal(corpus.diffSkipped, 0);
    for (const id of [applied, repaired]) {
      const answer = corpus.examples[corpus.variantIds.indexOf(id)].messages[2].content;
      assert.match(answer, /^<<<<<<< SEARCH\n/);
      assert.doesNotMatch(answer, /import \* as tf/, 'only the changed part, not the whole file');
      const result = applySearchReplace(parentCode, answer);
      assert.ok(result.ok);
      assert.equal(result.code, store.getVariant(id)?.code);
    }
    assert.equal(corpus.examples[corpus.variantIds.indexOf(applied)].messages[1].content, diffPrompt.user);
  });

  it('keeps whole files for full replies and a diff that fell back to one, and counts what it must leave out', () => {
    const parent = add(parentCode, { generator: 'seed' });
    const full = add(childCode, { parentId: parent, prompt: { system: 'S', user: 'whole file' }, editOutcome: 'full' });
    const fellBack = add(childCode.replace('16', '32'), {
      parentId: parent,
      prompt: { system: 'S', user: 'whole file' },
      editOutcome: 'diff failed → full',
    });
    const orphan = add(childCode.replace('16', '64'), {
      parentId: null,
      prompt: diffPrompt,
      editOutcome: 'diff applied',
    });
    const corpus = buildCorpus(store);
    assert.deepEqual({ replies: corpus.diffReplies, skipped: corpus.diffSkipped }, { replies: 0, skipped: 1 });
    assert.ok(!corpus.variantIds.includes(orphan), 'a diff without its parent cannot be answered honestly');
    for (const id of [full, fellBack])
      assert.equal(corpus.examples[corpus.variantIds.indexOf(id)].messages[2].content, store.getVariant(id)?.code);
  });
});
