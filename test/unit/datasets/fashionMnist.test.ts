import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { loadDataset } from '../../../src/core/datasets/load';
import { getDataset } from '../../../src/core/datasets/registry';

const debianDir = '/usr/share/datasets/fashion-mnist';

describe('real Fashion-MNIST (Debian dataset-fashion-mnist)', function () {
  before(function () {
    if (!existsSync(debianDir))
      throw new Error(`${debianDir} is missing: install the dataset-fashion-mnist package (scripts/setup.sh does)`);
  });

  it('loads 60,000 training and 10,000 test images with 10 balanced classes', () => {
    const ds = loadDataset(getDataset('fashion-mnist'), debianDir);
    assert.equal(ds.train.count, 60000);
    assert.equal(ds.test.count, 10000);
    assert.equal(ds.train.images.length, 60000 * 28 * 28);
    const perClass = new Array(10).fill(0);
    for (const l of ds.test.labels) perClass[l]++;
    assert.deepEqual(perClass, new Array(10).fill(1000));
    const mean = ds.train.images.reduce((a, b) => a + b, 0) / ds.train.images.length / 255;
    assert.ok(Math.abs(mean - getDataset('fashion-mnist').mean[0]) < 0.01, `pixel mean ${mean} matches the registry`);
  });
});
