import * as assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { defaultCacheDir, parseTrainArgs } from '../../../src/cli/trainArgs';
import type { TrainArgs } from '../../../src/cli/trainArgs';
import { parseCycleArgs } from '../../../src/cli/cycleArgs';
import type { CycleArgs } from '../../../src/cli/cycleArgs';
import { parseGenerateArgs } from '../../../src/cli/generateArgs';
import type { GenerateOptions } from '../../../src/cli/generateArgs';

describe('nngpt train arguments', () => {
  it('fills NNGPT defaults and reads every option', () => {
    const a = parseTrainArgs([
      'net.ts',
      '--dataset',
      'cifar10',
      '--epochs',
      '2',
      '--batch',
      '32',
      '--lr',
      '0.05',
      '--hp',
      'width=0.5',
      '--backend',
      'wasm',
      '--skip-backend',
      'webgpu',
      '--max-batches',
      '10',
      '--time-limit',
      '30',
      '--data-dir',
      '/d',
      '--augment',
      '--json',
      '--memory-mb',
      '1024',
      '--threads',
      '2',
    ]) as TrainArgs;
    assert.equal(a.net, 'net.ts');
    assert.deepEqual(a.spec, {
      dataset: 'cifar10',
      epochs: 2,
      batchSize: 32,
      hyperparameters: { lr: 0.05, width: 0.5 },
      progressEvery: 10,
      backend: 'wasm',
      skipBackends: ['webgpu'],
      maxTrainBatches: 10,
      epochTimeLimitS: 30,
      dataDir: '/d',
      augment: true,
      wasmThreads: 2,
    });
    assert.equal(a.json, true);
    assert.equal(a.memoryLimitMB, 1024);
    const d = parseTrainArgs(['n.ts']) as TrainArgs;
    assert.equal(d.spec.dataset, 'fashion-mnist');
    assert.equal(d.spec.batchSize, 64);
    assert.equal(d.permissionModel, true);
    assert.equal(d.spec.wasmThreads, Math.min(64, availableParallelism()), 'all cores by default');
    assert.equal(
      (parseTrainArgs(['n.ts', '--threads', '0']) as TrainArgs).spec.wasmThreads,
      Math.min(64, availableParallelism()),
      '0 is all cores',
    );
    assert.equal((parseTrainArgs(['n.ts', '--threads', '1']) as TrainArgs).spec.wasmThreads, 1, '--threads lowers it');
  });

  it('explains bad input instead of guessing', () => {
    assert.equal(parseTrainArgs([]), 'no Net file given');
    assert.match(parseTrainArgs(['n.ts', '--lr', '3']) as string, /--lr needs a number in \[0, 1\]/);
    assert.match(
      parseTrainArgs(['n.ts', '--backend', 'tpu']) as string,
      /--backend needs one of tensorflow-gpu, webgpu, tensorflow, wasm, cpu/,
    );
    assert.match(parseTrainArgs(['n.ts', '--epochs', '0']) as string, /--epochs needs a positive whole number/);
    assert.match(parseTrainArgs(['n.ts', '--hp', 'oops']) as string, /--hp needs key=value/);
    assert.match(
      parseTrainArgs(['n.ts', '--threads', '-1']) as string,
      /--threads needs a whole number in 0…64 \(0: all cores\)/,
    );
    assert.match(parseTrainArgs(['n.ts', '--threads', '65']) as string, /--threads needs a whole number in 0…64/);
    assert.match(parseTrainArgs(['n.ts', '--frobnicate']) as string, /unknown option/);
    assert.match(parseTrainArgs(['a.ts', 'b.ts']) as string, /only one Net file/);
  });

  it('caches datasets under XDG_CACHE_HOME when set', () => {
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/c' }), '/c/nngpt/datasets');
  });
});

describe('time-limit flags of train, cycle and generate', () => {
  it('reads --no-progress for training and the check limits for cycle and generate, with the defaults otherwise', () => {
    assert.equal((parseTrainArgs(['n.ts', '--no-progress', '30']) as TrainArgs).noProgressS, 30);
    assert.match(
      parseTrainArgs(['n.ts', '--no-progress', '0']) as string,
      /--no-progress needs a positive number of seconds/,
    );
    const c = parseCycleArgs([
      '--check-time-limit',
      '20',
      '--max-epoch-minutes',
      '0',
      '--no-progress',
      '45',
    ]) as CycleArgs;
    assert.deepEqual([c.checkTimeLimitS, c.maxEpochMinutes, c.train.noProgressS], [20, 0, 45]);
    const d = parseCycleArgs([]) as CycleArgs;
    assert.deepEqual([d.checkTimeLimitS, d.maxEpochMinutes], [60, 30]);
    assert.match(
      parseCycleArgs(['--max-epoch-minutes', '-1']) as string,
      /--max-epoch-minutes needs a non-negative number of minutes/,
    );
    const g = parseGenerateArgs(['n.ts', '--check-time-limit', '15', '--max-epoch-minutes', '10']) as GenerateOptions;
    assert.deepEqual([g.checkTimeLimitS, g.maxEpochMinutes], [15, 10]);
    assert.deepEqual(
      [
        (parseGenerateArgs(['n.ts']) as GenerateOptions).checkTimeLimitS,
        (parseGenerateArgs(['n.ts']) as GenerateOptions).maxEpochMinutes,
      ],
      [60, 30],
    );
  });
});
