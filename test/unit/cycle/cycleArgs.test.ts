import * as assert from 'node:assert/strict';
import type { CycleArgs } from '../../../src/cli/cycleArgs';
import { parseCycleArgs } from '../../../src/cli/cycleArgs';
import { defaultSearchSettings } from '../../../src/core/cycle/runCycle';

describe('nngpt cycle: the search flags', () => {
  it('reads the edit format, parent ratios, inspirations and the archive grid, with the defaults otherwise', () => {
    const d = parseCycleArgs([]) as CycleArgs;
    assert.deepEqual([d.editFormat, d.search], ['auto', defaultSearchSettings]);
    const a = parseCycleArgs([
      '--edit-format',
      'diff',
      '--parent-ratios',
      '0,0,1',
      '--inspirations',
      '0',
      '--archive-descriptor',
      'family',
      '--param-buckets',
      '10000,50000',
    ]) as CycleArgs;
    assert.equal(a.editFormat, 'diff');
    assert.deepEqual(a.search.ratios, { exploit: 0, explore: 0, seed: 1 });
    assert.equal(a.search.inspirations, 0);
    assert.equal((parseCycleArgs(['--islands', '3']) as CycleArgs).search.islands, 3);
    assert.deepEqual(a.search.archive, { descriptor: 'family', paramBuckets: [10_000, 50_000] });
    assert.deepEqual(
      defaultSearchSettings.archive.paramBuckets,
      [25_000, 100_000, 250_000],
      'the defaults are not changed by a parse',
    );
  });

  it('refuses bad values with a message naming the flag', () => {
    assert.match(
      parseCycleArgs(['--edit-format', 'patch']) as string,
      /--edit-format needs one of full, diff, auto, got 'patch'/,
    );
    assert.match(parseCycleArgs(['--parent-ratios', '0.7,0.3']) as string, /--parent-ratios needs three numbers/);
    assert.match(parseCycleArgs(['--parent-ratios', '0,0,0']) as string, /at least one parent ratio must be above 0/);
    assert.match(parseCycleArgs(['--inspirations', '9']) as string, /--inspirations needs a whole number in 0…5/);
    assert.match(parseCycleArgs(['--islands', '0']) as string, /--islands needs a whole number in 1…8/);
    assert.match(
      parseCycleArgs(['--archive-descriptor', 'width']) as string,
      /--archive-descriptor: the descriptor must be 'depth' or 'family'/,
    );
    assert.match(
      parseCycleArgs(['--param-buckets', '500,100']) as string,
      /--param-buckets: the parameter buckets must be ascending/,
    );
    assert.match(
      parseCycleArgs(['--param-buckets', 'a,b']) as string,
      /--param-buckets: needs comma-separated numbers/,
    );
  });
});
