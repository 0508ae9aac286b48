import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HistoryStore } from '../../../src/core/store/historyStore';
import { StoreClosedError, StoreInputError, StoreReadOnlyError } from '../../../src/core/store/storeErrors';
import type { StoreChange } from '../../../src/core/store/storeTypes';
import { sampleCode, tempDir } from './tempStore';

describe('HistoryStore on disk', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  let clock: number;
  const now = (): number => clock++;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    file = path.join(dir, '.nngpt', 'history.sqlite');
    clock = 1_000;
  });
  afterEach(() => cleanup());

  it('round-trips cycles, variants, runs and epochs through the file', async () => {
    const store = await HistoryStore.open({ path: file, now });
    const cycleId = store.startCycle({ dataset: 'fashion-mnist', count: 4 });
    const signature = Uint32Array.from({ length: 256 }, (_, i) => (i * 2654435761) >>> 0);
    const added = store.addVariant({
      code: sampleCode(64),
      generator: 'mutation',
      cycleId,
      name: 'cnn-wide',
      filePath: 'nets/a.net.ts',
      prompt: { system: 'You design nets.', user: 'Make it wider.' },
      snippets: ['resBlock', 'seBlock'],
      hyperparameters: { lr: 0.01, momentum: 0.9 },
      findings: [{ code: 'net-api/x', severity: 'warning', message: 'm', range: { start: 1, end: 2 }, fixes: [] }],
      signature,
      status: 'trained',
      novelty: { score: 0.25, nearestId: 'abc', nearestSimilarity: 0.75 },
    });
    assert.equal(added.inserted, true);
    const runId = store.startRun({
      variantId: added.id,
      dataset: 'fashion-mnist',
      backend: 'wasm',
      hyperparameters: { lr: 0.01 },
      batchSize: 64,
      transform: 'norm',
    });
    store.addEpoch(runId, {
      epoch: 1,
      trainLoss: 1.2,
      trainAccuracy: 0.5,
      testLoss: 1.1,
      testAccuracy: 0.61,
      durationMs: 900,
      samplesPerSecond: 2000,
    });
    store.updateRun(runId, {
      status: 'completed',
      testAccuracy: 0.61,
      durationMs: 900,
      paramCount: 12345,
      endedAt: 5000,
    });
    store.endCycle(cycleId);
    await store.close();

    assert.equal(fs.readFileSync(file).subarray(0, 15).toString('latin1'), 'SQLite format 3');
    assert.equal(fs.existsSync(`${file}.lock`), false);
    const again = await HistoryStore.open({ path: file });
    const variant = again.getVariant(added.id);
    assert.ok(variant);
    assert.equal(variant.code, sampleCode(64));
    assert.equal(variant.cycleId, cycleId);
    assert.deepEqual(variant.prompt, { system: 'You design nets.', user: 'Make it wider.' });
    assert.deepEqual(variant.snippets, ['resBlock', 'seBlock']);
    assert.deepEqual(variant.hyperparameters, { lr: 0.01, momentum: 0.9 });
    assert.equal(variant.findings[0].code, 'net-api/x');
    assert.deepEqual(variant.signature, signature);
    assert.deepEqual(variant.novelty, { score: 0.25, nearestId: 'abc', nearestSimilarity: 0.75 });
    const run = again.getRun(runId);
    assert.equal(run?.status, 'completed');
    assert.equal(run?.paramCount, 12345);
    assert.equal(run?.batchSize, 64);
    assert.equal(run?.transform, 'norm');
    assert.deepEqual(again.epochs(runId), [
      {
        epoch: 1,
        trainLoss: 1.2,
        trainAccuracy: 0.5,
        testLoss: 1.1,
        testAccuracy: 0.61,
        durationMs: 900,
        samplesPerSecond: 2000,
      },
    ]);
    assert.equal(again.getCycle(cycleId)?.status, 'completed');
    assert.deepEqual(again.getCycle(cycleId)?.config, { dataset: 'fashion-mnist', count: 4 });
    assert.deepEqual(again.listSignatures(), [{ id: added.id, signature }]);
    assert.equal(again.listRuns()[0].variantName, 'cnn-wide');
    await again.close();
  });

  it('reports an exact duplicate (whitespace ignored) with the variant it duplicates', async () => {
    const store = await HistoryStore.open({ path: file, now });
    const first = store.addVariant({ code: 'class Net { forward() {} }', generator: 'llm' });
    const second = store.addVariant({ code: 'class  Net {\n\tforward ( ) { }\n}', generator: 'mutation' });
    assert.equal(second.inserted, false);
    assert.equal(second.id, first.id);
    assert.equal(second.inserted === false && second.duplicateOf.generator, 'llm');
    assert.equal(store.findDuplicate('classNet{forward(){}}')?.id, first.id);
    assert.equal(store.findDuplicate('class Net { forward() { return 1; } }'), undefined);
    assert.equal(store.listVariants().length, 1);
    await store.close();
  });

  it('builds the history tree with best completed accuracy, novelty and orphans', async () => {
    const store = await HistoryStore.open({ path: file, now });
    const c1 = store.startCycle();
    const c2 = store.startCycle({ dataset: 'svhn', note: 'it\'s "quoted"' });
    const a = store.addVariant({
      code: sampleCode(1),
      generator: 'g',
      cycleId: c1,
      name: 'alpha',
      novelty: { score: 0.4, nearestId: 'n1', nearestSimilarity: 0.6 },
    }).id;
    const b = store.addVariant({ code: sampleCode(2), generator: 'g', cycleId: c1 }).id;
    const orphan = store.addVariant({ code: sampleCode(3), generator: 'manual' }).id;
    const r1 = store.startRun({ variantId: a, dataset: 'd' });
    store.updateRun(r1, { status: 'completed', testAccuracy: 0.5 });
    const r2 = store.startRun({ variantId: a, dataset: 'd' });
    store.updateRun(r2, { status: 'completed', testAccuracy: 0.7 });
    const r3 = store.startRun({ variantId: a, dataset: 'd' });
    store.updateRun(r3, { status: 'failed', testAccuracy: 0.9, failureReason: 'NaN loss' });
    const tree = store.historyTree();
    assert.deepEqual(
      tree.map((n) => n.cycle?.id ?? null),
      [c2, c1, null],
    );
    assert.deepEqual(tree[0].variants, []);
    assert.deepEqual(tree[0].cycle?.config, { dataset: 'svhn', note: 'it\'s "quoted"' });
    assert.equal(tree[0].cycle?.status, 'running');
    assert.deepEqual(
      tree[1].variants.map((v) => [v.shortName, v.bestAccuracy, v.novelty, v.nearestId]),
      [
        ['alpha', 0.7, 0.4, 'n1'],
        [b.slice(0, 8), null, null, null],
      ],
    );
    assert.deepEqual(
      tree[2].variants.map((v) => v.id),
      [orphan],
    );
    await store.close();
  });

  it('deletes a variant with its runs and epochs', async () => {
    const store = await HistoryStore.open({ path: file, now });
    const id = store.addVariant({ code: sampleCode(1), generator: 'g' }).id;
    const keep = store.addVariant({ code: sampleCode(2), generator: 'g' }).id;
    const run = store.startRun({ variantId: id, dataset: 'd' });
    store.addEpoch(run, {
      epoch: 1,
      trainLoss: 1,
      trainAccuracy: 0.1,
      testLoss: null,
      testAccuracy: 0.1,
      durationMs: 1,
      samplesPerSecond: 1,
    });
    store.startRun({ variantId: keep, dataset: 'd' });
    assert.equal(store.deleteVariant(id), true);
    assert.equal(store.deleteVariant(id), false);
    assert.equal(store.getVariant(id), undefined);
    assert.equal(store.getRun(run), undefined);
    assert.deepEqual(store.epochs(run), []);
    assert.deepEqual(
      store.listRuns().map((r) => r.variantId),
      [keep],
    );
    await store.close();
  });

  it('fires change events and batches a burst of writes into one file write', async () => {
    const store = await HistoryStore.open({ path: file, now, flushDelayMs: 50 });
    const changes: StoreChange[] = [];
    let persists = 0;
    const sub = store.onDidChange((c) => changes.push(c));
    store.onDidPersist(() => persists++);
    const before = fs.readFileSync(file);
    for (let i = 0; i < 200; i++) store.addVariant({ code: sampleCode(i), generator: 'g' });
    assert.equal(changes.length, 200);
    assert.equal(changes[0].kind, 'variant');
    assert.deepEqual(fs.readFileSync(file), before, 'nothing is written before the batch window closes');
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(persists, 1);
    sub.dispose();
    store.startCycle();
    assert.equal(changes.length, 200);
    await store.close();
    assert.equal(persists, 2);
    const reread = await HistoryStore.open({ path: file, readOnly: true });
    assert.equal(reread.listVariants().length, 200);
    await reread.close();
  });

  it('opens read-only beside a writer and refuses writes', async () => {
    const writer = await HistoryStore.open({ path: file, now });
    writer.addVariant({ code: sampleCode(1), generator: 'g' });
    await writer.flush();
    const reader = await HistoryStore.open({ path: file, readOnly: true });
    assert.equal(reader.listVariants().length, 1);
    assert.throws(() => reader.addVariant({ code: sampleCode(2), generator: 'g' }), StoreReadOnlyError);
    await reader.close();
    await writer.close();
    await assert.rejects(
      HistoryStore.open({ path: path.join(dir, 'missing.sqlite'), readOnly: true }),
      StoreInputError,
    );
  });

  it('rejects bad references and use after close with typed errors', async () => {
    const store = await HistoryStore.open({ path: file, now });
    assert.throws(() => store.startRun({ variantId: 'nope', dataset: 'd' }), StoreInputError);
    assert.throws(() => store.updateRun(99, { status: 'failed' }), StoreInputError);
    assert.throws(() => store.setVariantStatus('nope', 'admitted'), StoreInputError);
    await store.close();
    await store.close();
    assert.throws(() => store.listCycles(), StoreClosedError);
  });
});
