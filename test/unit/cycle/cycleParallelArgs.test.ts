import * as assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import type { CycleArgs } from '../../../src/cli/cycleArgs';
import { parseCycleArgs } from '../../../src/cli/cycleArgs';

const parse = (args: string[]) => parseCycleArgs(args) as CycleArgs;

describe('nngpt cycle --parallel', () => {
  const cores = availableParallelism();

  it('defaults to one trainer on every core, as before parallel trainers', () => {
    const a = parse([]);
    assert.deepEqual([a.parallel, a.train.spec.wasmThreads], [1, cores]);
  });

  it('with --threads alone, fills the cores with trainers of that many threads', () => {
    const a = parse(['--threads', '1']);
    assert.deepEqual([a.parallel, a.train.spec.wasmThreads], [cores, 1]);
  });

  it('with --parallel alone, splits the cores between the trainers', () => {
    const a = parse(['--parallel', '2']);
    assert.deepEqual([a.parallel, a.train.spec.wasmThreads], [2, Math.max(1, Math.floor(cores / 2))]);
    const b = parse(['--parallel', '3', '--threads', '2']);
    assert.deepEqual([b.parallel, b.train.spec.wasmThreads], [3, 2], 'both given: both kept');
  });

  it('refuses a count that is not a whole number in 0…64', () => {
    for (const bad of ['-1', '65', '1.5', 'x'])
      assert.match(String(parseCycleArgs(['--parallel', bad])), /--parallel needs a whole number in 0…64/);
  });
});
