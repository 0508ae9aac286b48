import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildCorpus, toJsonl } from '../../../src/core/export/fineTuneCorpus';
import { exportLemur, lemurModelName } from '../../../src/core/export/lemurExport';
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
