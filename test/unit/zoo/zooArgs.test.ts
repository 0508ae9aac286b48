// `npm run bench:zoo` options and the summary it prints: defaults, every flag, clear errors.
import * as assert from 'node:assert/strict';
import { geometricMean, median } from '../../../bench/lib/benchStats';
import { defaultZooBatches, defaultZooTimeLimitS, parseZooArgs } from '../../../bench/lib/zooArgs';
import { selectFamilies, zooFamilies } from '../../../bench/lib/zooFamilies';

describe('bench:zoo options', () => {
  it('defaults to every family at both shapes, a few batches and the torch twins', () => {
    const a = parseZooArgs([]);
    assert.deepEqual(a.families, []);
    assert.deepEqual(a.shapes, ['cifar10', 'fashion-mnist']);
    assert.equal(a.maxBatches, defaultZooBatches);
    assert.equal(a.warmup, 1);
    assert.equal(a.timeLimitS, defaultZooTimeLimitS);
    assert.equal(a.torch, true);
    assert.equal(a.batch, 64);
    assert.ok(a.threads >= 1);
  });

  it('reads its own flags and the shared ones', () => {
    const a = parseZooArgs([
      '--family',
      'vit,convnext',
      '--shape',
      'fashion-mnist',
      '--warmup',
      '0',
      '--time-limit',
      '5',
      '--threads',
      '1',
      '--max-batches',
      '3',
      '--profile',
      '--no-torch',
      '--backend',
      'webgpu',
    ]);
    assert.deepEqual(
      {
        families: a.families,
        shapes: a.shapes,
        warmup: a.warmup,
        timeLimitS: a.timeLimitS,
        threads: a.threads,
        maxBatches: a.maxBatches,
        profile: a.profile,
        torch: a.torch,
        backend: a.backend,
      },
      {
        families: ['vit', 'convnext'],
        shapes: ['fashion-mnist'],
        warmup: 0,
        timeLimitS: 5,
        threads: 1,
        maxBatches: 3,
        profile: true,
        torch: false,
        backend: 'webgpu',
      },
    );
    assert.deepEqual(parseZooArgs(['--shape', 'both']).shapes, ['cifar10', 'fashion-mnist']);
  });

  it('refuses bad input with the zoo usage text', () => {
    assert.throws(
      () => parseZooArgs(['--shape', 'mnist']),
      /--shape needs cifar10, fashion-mnist or both, got 'mnist'[\s\S]*bench:zoo/,
    );
    assert.throws(() => parseZooArgs(['--family', '']), /--family needs one or more names/);
    assert.throws(() => parseZooArgs(['--warmup', '-1']), /--warmup needs an integer ≥ 0/);
    assert.throws(() => parseZooArgs(['--time-limit', '0']), /--time-limit needs an integer ≥ 1/);
    assert.throws(() => parseZooArgs(['--fast']), /unknown option '--fast'[\s\S]*bench:zoo/);
  });

  it('selects families by name and names the known ones for a typo', () => {
    assert.deepEqual(selectFamilies([]), zooFamilies());
    assert.deepEqual(
      selectFamilies(['vit', 'referenceCnn']).map((f) => f.name),
      ['vit', 'referenceCnn'],
    );
    assert.throws(() => selectFamilies(['vitt']), /unknown zoo family 'vitt'; known: referenceCnn, .*vit/);
  });
});

describe('bench summary statistics', () => {
  it('geometric mean treats 2× and 0.5× alike; median of odd and even lists', () => {
    assert.ok(Math.abs(geometricMean([2, 0.5]) - 1) < 1e-12);
    assert.ok(Math.abs(geometricMean([0.1, 1, 10, 4]) - Math.pow(4, 0.25)) < 1e-12);
    assert.ok(Number.isNaN(geometricMean([])));
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
  });
});
