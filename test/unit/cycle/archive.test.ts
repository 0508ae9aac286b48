import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Archive } from '../../../src/core/cycle/archive';
import { netStructure } from '../../../src/core/cycle/netStructure';
import { chooseInspirations, selectParent } from '../../../src/core/cycle/parentSelection';
import { seededRandom } from '../../../src/core/retrieve/seededRandom';
import { HistoryStore } from '../../../src/core/store/historyStore';

const referenceNet = fs.readFileSync(path.join(__dirname, '../../../examples/nets/referenceCnn.net.ts'), 'utf8');
const deeper = referenceNet.replace(
  'tf.layers.flatten(),',
  "tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),\n        tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),\n        tf.layers.flatten(),",
);
const net = (id: string, accuracy: number, paramCount: number | null, code = referenceNet) => ({
  id,
  name: id,
  code: `${code}\n// ${id}`,
  accuracy,
  paramCount,
});

describe('the archive of elites', () => {
  it('reads depth, family and a layer summary from the code', () => {
    assert.deepEqual(netStructure(referenceNet, 'r.net.ts'), {
      depth: 4,
      family: 'vgg',
      summary: 'conv2d×2, maxPooling2d×2, flatten, dropout, dense×2',
    });
    assert.equal(netStructure(deeper).depth, 6);
    assert.deepEqual(netStructure('not { code'), { depth: 0, family: 'other', summary: '' });
  });

  it('keeps the best first-epoch accuracy per cell of parameter bucket × depth', () => {
    const archive = new Archive({ paramBuckets: [25_000, 100_000], descriptor: 'depth' });
    assert.equal(archive.place(net('a', 0.7, 20_000)), true);
    assert.equal(archive.place(net('b', 0.75, 21_000)), true, 'same cell, better: the new elite');
    assert.equal(archive.place(net('c', 0.6, 22_000)), false, 'same cell, worse');
    assert.equal(archive.place(net('d', 0.5, 90_000)), true, 'another size bucket');
    assert.equal(archive.place(net('e', 0.55, 20_000, deeper)), true, 'another depth');
    assert.equal(archive.place(net('f', 0.9, null)), false, 'no parameter count, no place');
    assert.deepEqual(
      archive.elites().map((e) => [e.id, e.cell]),
      [
        ['b', '≤25k params × depth 3–4'],
        ['e', '≤25k params × depth 5–6'],
        ['d', '25k–100k params × depth 3–4'],
      ],
    );
    assert.deepEqual([archive.filled, archive.cells], [3, 15]);
    const byFamily = new Archive({ paramBuckets: [25_000], descriptor: 'family' });
    byFamily.place(net('a', 0.7, 20_000));
    assert.equal(byFamily.elites()[0].cell, '≤25k params × vgg');
    assert.throws(() => new Archive({ paramBuckets: [5, 5], descriptor: 'depth' }), /ascending/);
  });

  it('draws parents in the given ratios, reproducibly, and inspirations besides the parent', () => {
    const archive = new Archive();
    for (const [i, acc] of [0.8, 0.7, 0.6, 0.5, 0.4].entries())
      archive.place(net(`n${i}`, acc, 10_000 * 10 ** (i % 3) + i, i > 2 ? deeper : referenceNet));
    const elites = archive.elites();
    const draw = (seed: number) => selectParent(elites, { exploit: 0.7, explore: 0.2, seed: 0.1 }, seededRandom(seed));
    const choices = Array.from({ length: 2000 }, (_, i) => draw(i));
    const share = (reason: string) => choices.filter((c) => c.reason === reason).length / choices.length;
    assert.ok(
      Math.abs(share('exploit') - 0.7) < 0.04 &&
        Math.abs(share('explore') - 0.2) < 0.04 &&
        Math.abs(share('seed') - 0.1) < 0.03,
      `${share('exploit')} ${share('explore')} ${share('seed')}`,
    );
    assert.ok(
      choices.filter((c) => c.reason === 'exploit').every((c) => elites.slice(0, 3).includes(c.elite!)),
      'exploit picks a top-3 elite',
    );
    assert.deepEqual(draw(42), draw(42), 'the same seed draws the same parent');
    assert.deepEqual(
      selectParent([], { exploit: 1, explore: 0, seed: 0 }, seededRandom(1)),
      { reason: 'seed' },
      'an empty archive leaves the seed',
    );
    assert.equal(selectParent(elites, { exploit: 0, explore: 0, seed: 1 }, seededRandom(1)).reason, 'seed');
    const inspirations = chooseInspirations(elites, elites[0].id, 3, seededRandom(5));
    assert.equal(inspirations.length, 3);
    assert.equal(inspirations[0].id, elites[1].id, 'the best elite that is not the parent comes first');
    assert.ok(inspirations.every((e) => e.id !== elites[0].id));
    assert.equal(new Set(inspirations.map((e) => e.cell)).size, 3);
  });

  it('is rebuilt from the store: first-epoch accuracy on the dataset, failures kept per parent', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nngpt-archive-'));
    const store = await HistoryStore.open({ path: path.join(dir, 'history.sqlite'), flushDelayMs: 5 });
    try {
      const add = (code: string, epochs: number[], dataset = 'fashion-mnist', paramCount = 50_000) => {
        const { id } = store.addVariant({ code, generator: 'mutation', status: 'admitted' });
        const run = store.startRun({ variantId: id, dataset });
        epochs.forEach((acc, i) =>
          store.addEpoch(run, {
            epoch: i + 1,
            trainLoss: 1,
            trainAccuracy: acc,
            testLoss: null,
            testAccuracy: acc,
            durationMs: 1,
            samplesPerSecond: 1,
          }),
        );
        store.updateRun(run, { status: 'completed', testAccuracy: epochs[epochs.length - 1], paramCount });
        return id;
      };
      const a = add(referenceNet, [0.7, 0.9]);
      add(deeper, [0.8], 'cifar10');
      const b = add(deeper, [0.75]);
      const archive = Archive.rebuild(store, 'fashion-mnist');
      assert.deepEqual(
        archive.elites().map((e) => [e.id, e.accuracy]),
        [
          [b, 0.75],
          [a, 0.7],
        ],
        'first-epoch accuracy, this dataset only',
      );
      store.addFailure({ parentId: a, cycleId: null, stage: 'check', message: 'first' });
      store.addFailure({ parentId: a, cycleId: null, stage: 'train', message: 'second' });
      assert.deepEqual(
        store.listFailures(a, 3).map((f) => f.message),
        ['second', 'first'],
      );
      store.deleteVariant(a);
      assert.deepEqual(store.listFailures(a), []);

      // Islands: cycles 1 and 3 search island 0, cycle 2 island 1; each island sees its own cycles'
      // variants, those of no cycle, and the best elite of the island before it in the ring.
      const inCycle = (cycle: number, code: string, accuracy: number, paramCount: number) => {
        const { id } = store.addVariant({ code, generator: 'mutation', cycleId: cycle, status: 'trained' });
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
        store.updateRun(run, { status: 'completed', paramCount });
        return id;
      };
      const [c1, c2] = [store.startCycle(), store.startCycle()];
      const x = inCycle(c1, `${referenceNet}\n// x`, 0.6, 10_000);
      const y = inCycle(c1, `${deeper}\n// y`, 0.5, 200_000);
      const z = inCycle(c2, `${referenceNet}\n// z`, 0.55, 300_000);
      const position = new Map(store.listCycles().map((c, i) => [c.id, i + 1]));
      const view = (current: number) => ({ count: 2, current, cycleIndex: (id: number) => position.get(id) });
      const ids = (current: number) =>
        Archive.rebuild(store, 'fashion-mnist', undefined, view(current))
          .elites()
          .map((e) => e.id)
          .sort();
      assert.deepEqual(
        ids(0),
        [b, x, y, z].sort(),
        "island 0: its cycle's x and y, the shared Net b, and island 1's best (z) migrated in",
      );
      assert.deepEqual(
        ids(1),
        [b, z, x].sort(),
        "island 1: its cycle's z, the shared Net b, and island 0's best (x) migrated in",
      );
      assert.deepEqual(
        Archive.rebuild(store, 'fashion-mnist')
          .elites()
          .map((e) => e.id)
          .sort(),
        [b, x, y, z].sort(),
        'one island: everything',
      );
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
