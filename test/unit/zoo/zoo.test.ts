// The architecture zoo (examples/zoo, bench:zoo): every family is a valid Net by the checker,
// has a PyTorch twin, builds at both image shapes within the 100k–500k parameter band, and trains
// one finite step on wasm through the trainer's own build and epoch path. No timing is asserted.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { checkNet } from '../../../src/core/netApi/checkNet';
import { getDataset } from '../../../src/core/datasets/registry';
import { zooFamilies } from '../../../bench/lib/zooFamilies';
import { zooShapes } from '../../../bench/lib/zooArgs';
import { tuneBackend } from '../../../src/trainer/perf/tuneBackend';
import { loadZooNet, releaseZooNet, trainZooNet } from '../../../bench/lib/zooTfjs';

const families = zooFamilies();
const twinSource = readFileSync(require.resolve('../../../bench/zooTorch.py'), 'utf8');

describe('architecture zoo', () => {
  it('holds the reference CNN and at least eight more families', () => {
    assert.equal(families[0].name, 'referenceCnn');
    assert.ok(families.length >= 9, `${families.length} families`);
    assert.equal(new Set(families.map((f) => f.name)).size, families.length);
  });

  for (const family of families) {
    it(`${family.name} passes the Net-API checker and declares what it reads`, () => {
      const result = checkNet(readFileSync(family.file, 'utf8'), family.file);
      assert.equal(result.skipped, undefined);
      assert.deepEqual(
        result.findings.map((f) => `${f.code}: ${f.message}`),
        [],
      );
      for (const key of ['lr', 'momentum']) assert.ok(result.declaredHyperparameters.includes(key), `declares ${key}`);
    });

    it(`${family.name} has a PyTorch twin in bench/zooTorch.py`, () => {
      assert.match(twinSource, new RegExp(`^\\s+"${family.name}": \\w+,$`, 'm'));
    });
  }
});

describe('architecture zoo trains a step', function () {
  this.timeout(60_000);
  // The trainer's wasm set-up at one thread (its training kernels registered): the backend zoo
  // Nets train on in a CPU-only trainer, and fast enough to keep this to seconds.
  before(async () => {
    tuneBackend('wasm', { threads: 1 });
    await tf.setBackend('wasm');
  });
  afterEach(() => tf.disposeVariables());
  after(async () => {
    await tf.setBackend('cpu');
  });

  for (const family of families) {
    it(`${family.name} builds at both shapes within 100k–500k parameters and trains one finite step`, async () => {
      const mod = await loadZooNet(family.file);
      for (const shape of zooShapes) {
        const run = await trainZooNet(mod, family.file, getDataset(shape), {
          batch: 1,
          warmup: 0,
          batches: 1,
          backend: tf.getBackend(),
          hyperparameters: { lr: 0.01, momentum: 0.9, dropout: 0.2 },
        });
        assert.ok(run.paramCount >= 100_000 && run.paramCount <= 500_000, `${shape}: ${run.paramCount} parameters`);
        assert.ok(Number.isFinite(run.lastLoss) && run.lastLoss > 0, `${shape}: loss ${run.lastLoss}`);
        assert.equal(run.images, 1);
        releaseZooNet(run);
      }
    });
  }
});
