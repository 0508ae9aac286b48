/**
 * The WebGPU rung through the real sandboxed trainer (a fork of the trainer bundle, Node's
 * permission model on), on SwiftShader, the Vulkan on the CPU that Debian's chromium ships:
 * forced, it trains the reference Net 30 batches on real Fashion-MNIST images to better than
 * chance; left to itself, the ladder refuses the software adapter, names it, and trains on wasm.
 * Skipped, with the reason, only when SwiftShader's ICD is absent.
 *
 * SwiftShader trains the reference Net at one or two images a second on a busy 2-core machine
 * (each step costs about the same from 4 to 16 images), so the forced run uses batches of 8 and a
 * 96-image test split: the first images of the real one.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTraining } from '../../../src/core/training/trainerClient';
import type { TrainingResult } from '../../../src/core/training/trainerClient';
import type { TrainSpec } from '../../../src/shared/trainerProtocol';
import { writeFashionSubset } from './gpu/fashionSubset';
import { swiftShaderIcd, swiftShaderMissing } from './gpu/swiftshader';
import { trainerBundle } from './trainerBundle';

const netFile = resolve(__dirname, '../../../examples/nets/referenceCnn.net.ts');

describe('WebGPU rung in the sandboxed trainer (SwiftShader)', function () {
  // Minutes on a quiet machine, up to 20 on a 2-core one shared with other work (SwiftShader renders on the CPU).
  this.timeout(1_300_000);
  const missing = swiftShaderMissing();
  let work: string;
  let dataDir: string;
  let trainerPath: string;
  let savedIcd: string | undefined;

  before(async function () {
    if (missing) {
      console.log(`      not run: ${missing}`);
      return this.skip();
    }
    trainerPath = await trainerBundle();
    work = mkdtempSync(join(tmpdir(), 'nngpt-webgpu-'));
    dataDir = writeFashionSubset(join(work, 'fashion-mnist'), 2000, 96);
    // The trainer inherits VK_ICD_FILENAMES (sandboxArgs' trainerEnv keeps it): this is the user's switch too.
    savedIcd = process.env.VK_ICD_FILENAMES;
    process.env.VK_ICD_FILENAMES = swiftShaderIcd();
  });

  after(() => {
    if (missing) return;
    if (savedIcd === undefined) delete process.env.VK_ICD_FILENAMES;
    else process.env.VK_ICD_FILENAMES = savedIcd;
    rmSync(work, { recursive: true, force: true });
  });

  function train(spec: Partial<TrainSpec>, name: string): Promise<TrainingResult> {
    return startTraining(
      {
        op: 'train',
        netSource: readFileSync(netFile, 'utf8'),
        netFileName: 'referenceCnn.net.ts',
        spec: { dataset: 'fashion-mnist', epochs: 1, batchSize: 8, hyperparameters: { lr: 0.05 }, dataDir, ...spec },
      },
      { cacheDir: join(work, 'cache'), runDir: join(work, name), trainerPath, wallTimeLimitS: 1_200 },
    ).result;
  }

  it('forced, trains the reference Net 30 batches to better than chance, permission model on', async () => {
    const r = await train({ backend: 'webgpu', maxTrainBatches: 30 }, 'forced');
    assert.equal(r.status, 'ok', `${r.reason}: ${r.message}`);
    assert.equal(r.sandbox.permission, true, 'the permission model was on');
    assert.equal(r.summary?.backend, 'webgpu');
    assert.match(r.summary?.adapterInfo?.name ?? '', /swiftshader/i);
    assert.match(r.summary?.backendNote ?? '', /software renderer \(forced\)/);
    assert.equal(r.epochs[0]?.batches, 30);
    assert.ok(Number.isFinite(r.epochs[0].trainLoss), `train loss ${r.epochs[0].trainLoss}`);
    // Chance is 0.1; on 96 test images its spread is 0.03, so 0.2 is far beyond luck.
    const accuracy = r.summary?.finalTestAccuracy ?? 0;
    assert.ok(accuracy >= 0.2, `test accuracy ${accuracy} after 30 batches on webgpu`);
    if (process.env.NNGPT_TEST_VERBOSE)
      console.log(
        `      webgpu: accuracy ${accuracy}, ${r.epochs[0].samplesPerSec.toFixed(2)} img/s, ${r.summary?.totalDurationS.toFixed(0)} s`,
      );
  });

  it('left to itself, refuses the software adapter by name and trains on wasm', async () => {
    const r = await train({ maxTrainBatches: 3, batchSize: 32 }, 'ladder');
    assert.equal(r.status, 'ok', `${r.reason}: ${r.message}`);
    assert.equal(r.summary?.backend, 'wasm');
    const webgpu = r.summary?.skipped.find((s) => s.backend === 'webgpu');
    assert.match(webgpu?.reason ?? '', /^software renderer, slower than wasm: .*swiftshader/i);
  });
});
