import * as assert from 'node:assert/strict';
import { isHostToTrainer, isTrainerToHost } from '../../../src/shared/trainerProtocol';
import { sandboxArgs, trainerEnv } from '../../../src/core/training/sandboxArgs';
import { exitCause } from '../../../src/core/training/processWatch';

describe('trainer protocol guards', () => {
  it('accept only well-formed messages of their own direction', () => {
    assert.equal(isHostToTrainer({ type: 'cancel', runId: 'r' }), true);
    assert.equal(isHostToTrainer({ type: 'done', runId: 'r' }), false);
    assert.equal(isHostToTrainer({ type: 'cancel' }), false);
    assert.equal(isHostToTrainer(null), false);
    assert.equal(isTrainerToHost({ type: 'epoch', runId: 'r' }), true);
    assert.equal(
      isTrainerToHost({ type: 'heartbeat', runId: 'r', phase: 'batch', epoch: 1, batch: 3, totalBatches: 938 }),
      true,
    );
    assert.equal(isTrainerToHost({ type: 'start', runId: 'r' }), false);
    assert.equal(isTrainerToHost('ready'), false);
  });
});

describe('trainer sandbox flags', () => {
  const nodeFlags = new Set(['--experimental-permission', '--disable-warning']);
  const resolvePackageDir = (pkg: string) =>
    pkg === 'webgpu'
      ? '/nm/webgpu'
      : pkg === '@tensorflow/tfjs-backend-wasm'
        ? '/nm/@tensorflow/tfjs-backend-wasm'
        : undefined;

  it('allows reads of the bundle, the runtime packages, the dataset and the run folder only', () => {
    const a = sandboxArgs({
      trainerPath: '/ext/dist/trainer.js',
      datasetDir: '/data/fm',
      runDir: '/runs/1',
      memoryLimitMB: 2048,
      nodeFlags,
      resolvePackageDir,
    });
    assert.equal(a.permission.on, true);
    assert.deepEqual(a.readable, [
      '/ext/dist',
      '/nm/webgpu',
      '/nm/@tensorflow/tfjs-backend-wasm',
      '/data/fm',
      '/runs/1',
    ]);
    assert.ok(a.execArgv.includes('--max-old-space-size=2048'));
    assert.ok(a.execArgv.includes('--disallow-code-generation-from-strings'));
    assert.ok(a.execArgv.includes('--allow-addons'), 'Dawn is a native add-on');
    for (const flag of a.execArgv) assert.doesNotMatch(flag, /--allow-(fs-write|child-process|worker)/);
  });

  it('never repeats a read path (Node 20 aborts on a duplicate --allow-fs-read)', () => {
    const a = sandboxArgs({
      trainerPath: '/x/dist/trainer.js',
      datasetDir: '/x/dist/',
      runDir: '/x/dist',
      memoryLimitMB: 1024,
      nodeFlags,
      resolvePackageDir: () => undefined,
    });
    assert.deepEqual(
      a.execArgv.filter((f) => f.startsWith('--allow-fs-read')),
      ['--allow-fs-read=/x/dist'],
    );
  });

  it('drops add-ons when a CPU rung is forced, and says when the permission model is missing', () => {
    const forced = sandboxArgs({
      trainerPath: '/d/trainer.js',
      memoryLimitMB: 1024,
      backend: 'wasm',
      nodeFlags,
      resolvePackageDir,
    });
    assert.equal(forced.allowAddons, false);
    assert.ok(!forced.execArgv.includes('--allow-addons'));
    const old = sandboxArgs({
      trainerPath: '/d/trainer.js',
      memoryLimitMB: 1024,
      nodeFlags: new Set(),
      resolvePackageDir,
    });
    assert.equal(old.permission.on, false);
    assert.match(old.permission.note ?? '', /no permission model/);
  });

  it('keeps secrets out of the trainer environment', () => {
    const env = trainerEnv({ PATH: '/bin', OPENAI_API_KEY: 'sk-x', HOME: '/h', GITHUB_TOKEN: 't' }, false);
    assert.deepEqual(env, { PATH: '/bin', HOME: '/h' });
    assert.equal(trainerEnv({}, true).ELECTRON_RUN_AS_NODE, '1', "VS Code's Electron runs the trainer as Node");
  });

  it('tells a heap exhaustion from another crash', () => {
    assert.equal(
      exitCause(null, 'SIGABRT', 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory')
        .reason,
      'oom',
    );
    const crash = exitCause(3, null, 'Segmentation fault\n');
    assert.equal(crash.reason, 'crash');
    assert.match(crash.message, /code 3.*Segmentation fault/);
  });
});
