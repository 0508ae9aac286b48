import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { codeId } from '../../../src/core/novelty/codeId';
import { loadCorpusFromStore } from '../../../src/core/novelty/corpusLoader';
import { NoveltyChecker } from '../../../src/core/novelty/noveltyChecker';
import { HistoryStore } from '../../../src/core/store/historyStore';
import { tempDir } from '../store/tempStore';
import { disguisedReference, mlpNet, referenceNet } from './netSamples';

describe('NoveltyChecker', () => {
  it('flags the reference Net with renamed locals and a changed number as a near-duplicate', () => {
    const checker = new NoveltyChecker();
    assert.notEqual(codeId(disguisedReference), codeId(referenceNet), 'not an exact duplicate');
    checker.addToCorpus('reference', checker.signatureOf(referenceNet));
    const verdict = checker.check(disguisedReference);
    assert.equal(verdict.nearest?.id, 'reference');
    assert.equal(verdict.nearest?.scope, 'corpus');
    assert.ok(verdict.nearest.similarity >= 0.9, `similarity ${verdict.nearest.similarity}`);
    assert.equal(verdict.nearDuplicate, true);
  });

  it('finds an MLP novel against the reference CNN', () => {
    const checker = new NoveltyChecker();
    checker.addToCorpus('reference', checker.signatureOf(referenceNet));
    const verdict = checker.check(mlpNet);
    assert.equal(verdict.nearDuplicate, false);
    assert.ok(verdict.score > 0.1, `score ${verdict.score}`);
  });

  it('compares with earlier candidates of the cycle until the cycle is cleared', () => {
    const checker = new NoveltyChecker();
    checker.addToCorpus('mlp', checker.signatureOf(mlpNet));
    const first = checker.check(referenceNet);
    assert.equal(first.nearDuplicate, false);
    checker.addToCycle('candidate-1', first.signature);
    const second = checker.check(disguisedReference);
    assert.deepEqual([second.nearest?.id, second.nearest?.scope, second.nearDuplicate], ['candidate-1', 'cycle', true]);
    checker.clearCycle();
    assert.equal(checker.check(disguisedReference).nearDuplicate, false);
  });

  it('honours the thresholds it is given', () => {
    const strict = new NoveltyChecker({ nearDuplicateThreshold: 1 });
    strict.addToCorpus('reference', strict.signatureOf(referenceNet));
    const edited = referenceNet.replace(
      'tf.layers.flatten(),',
      'tf.layers.batchNormalization(),\n tf.layers.flatten(),',
    );
    assert.equal(strict.check(edited).nearDuplicate, false);
    assert.throws(() => new NoveltyChecker({ nearDuplicateThreshold: 0 }), RangeError);
    assert.deepEqual(
      [
        new NoveltyChecker({ lshThreshold: 0.65 }).banding.bands,
        new NoveltyChecker({ lshThreshold: 0.65 }).banding.rows,
      ],
      [32, 8],
    );
  });

  it('reloads the corpus from signatures stored in the history file', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'history.sqlite');
      const checker = new NoveltyChecker();
      const store = await HistoryStore.open({ path: file });
      const id = store.addVariant({
        code: referenceNet,
        generator: 'seed',
        signature: checker.signatureOf(referenceNet),
        status: 'admitted',
      }).id;
      store.addVariant({ code: mlpNet, generator: 'seed', status: 'admitted' }); // no signature: not loaded
      await store.close();

      const reopened = await HistoryStore.open({ path: file, readOnly: true });
      const fresh = new NoveltyChecker();
      assert.equal(fresh.loadCorpus(reopened.listSignatures({ statuses: ['admitted'] })), 1);
      await reopened.close();
      const verdict = fresh.check(disguisedReference);
      assert.deepEqual([verdict.nearest?.id, verdict.nearDuplicate], [id, true]);
      assert.equal(fresh.corpusSize, 1);
      fresh.remove(id);
      assert.equal(fresh.check(disguisedReference).nearest, null);
    } finally {
      cleanup();
    }
  });
});

describe('loadCorpusFromStore', () => {
  it('computes missing signatures once, then reloads them from the file', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'history.sqlite');
      const store = await HistoryStore.open({ path: file });
      const ref = store.addVariant({ code: referenceNet, generator: 'seed', status: 'admitted' }).id;
      store.addVariant({ code: mlpNet, generator: 'seed', status: 'rejected' });
      const first = loadCorpusFromStore(store, new NoveltyChecker(), ['admitted']);
      assert.deepEqual(first, { loaded: 0, computed: 1 });
      await store.close();

      const reopened = await HistoryStore.open({ path: file });
      const checker = new NoveltyChecker();
      assert.deepEqual(loadCorpusFromStore(reopened, checker, ['admitted']), { loaded: 1, computed: 0 });
      assert.equal(checker.check(disguisedReference).nearest?.id, ref);
      // Another scheme (other seed) must not trust the stored signatures.
      const other = new NoveltyChecker({ minHash: { numPerm: 256, randomSeed: 99 } });
      assert.deepEqual(loadCorpusFromStore(reopened, other, ['admitted']), { loaded: 0, computed: 1 });
      await reopened.close();
    } finally {
      cleanup();
    }
  });
});
