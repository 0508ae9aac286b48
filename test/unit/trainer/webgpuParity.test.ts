/**
 * WebGPU (Dawn) against TF.js's reference `cpu` backend, one training step of the reference Net and
 * of every architecture-zoo family (examples/zoo/*.net.ts, whatever families are there), from the
 * same weights and batch (2 images of 16×16×1): on SwiftShader, the Vulkan on the CPU that Debian's chromium ships, so
 * every CI run checks the GPU code path (a real GPU runs the same kernels). Skipped, with the
 * reason, only when SwiftShader's ICD is absent.
 *
 * Tolerance (float32 kernels sum in different orders, and batch norm over 2 samples amplifies
 * that): loss within 1e-3 relative; each gradient within 1e-3 + 1e-2 × its largest magnitude.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ParityLine } from './gpu/parityStep';
import { swiftShaderMissing, withSwiftShader } from './gpu/swiftshader';

const repo = resolve(__dirname, '../../..');
const zooDir = join(repo, 'examples/zoo');
const nets = [
  join(repo, 'examples/nets/referenceCnn.net.ts'),
  ...readdirSync(zooDir)
    .filter((f) => f.endsWith('.net.ts'))
    .sort()
    .map((f) => join(zooDir, f)),
];

/**
 * Two 16×16 grey images: the same kernels as at 28×28, at a third of SwiftShader's time (at 28×28
 * the nine Nets took 11 minutes on a busy 2-core machine).
 */
const batch = 2;
const shape = '16x16x1';

/** Loss: relative. Gradients: absolute plus relative to the gradient's largest entry. */
export const parityTolerance = { lossRelative: 1e-3, gradAbsolute: 1e-3, gradRelative: 1e-2 };

function runChild(files: string[]): Promise<ParityLine[]> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'gpu/parityStep.ts'), '--batch', String(batch), '--shape', shape, ...files],
      { cwd: repo, env: withSwiftShader(), maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error) return fail(new Error(`parity child failed: ${error.message}\n${stderr}`));
        done(
          stdout
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .map((l) => JSON.parse(l) as ParityLine),
        );
      },
    );
  });
}

describe('one training step on WebGPU (SwiftShader) matches the cpu backend', function () {
  // SwiftShader renders on the CPU: one child runs every Net, so the shaders compile once.
  this.timeout(1_200_000);
  const missing = swiftShaderMissing();
  let lines: ParityLine[] = [];
  before(async function () {
    if (missing) {
      console.log(`      not run: ${missing}`);
      return this.skip();
    }
    lines = await runChild(nets);
  });

  for (const file of nets) {
    const name = file
      .split('/')
      .pop()!
      .replace(/\.net\.ts$/, '');
    it(`${name}: loss and every gradient`, () => {
      const line = lines.find((l) => l.net === name);
      assert.ok(line, `no result for ${name}`);
      assert.equal(line.error, undefined, `${name}: ${line.error}`);
      const { cpuLoss, gpuLoss, grads } = line as Required<ParityLine>;
      assert.ok(Number.isFinite(gpuLoss), `${name}: webgpu loss ${gpuLoss}`);
      assert.ok(
        Math.abs(gpuLoss - cpuLoss) <= parityTolerance.lossRelative * Math.abs(cpuLoss),
        `${name}: webgpu loss ${gpuLoss} vs cpu ${cpuLoss}`,
      );
      assert.ok(grads.length > 0, `${name}: no trainable variables`);
      for (const g of grads) {
        const allowed = parityTolerance.gradAbsolute + parityTolerance.gradRelative * g.scale;
        assert.ok(
          g.worst <= allowed,
          `${name}: gradient of ${g.name} differs by ${g.worst} (scale ${g.scale}, allowed ${allowed})`,
        );
      }
      if (process.env.NNGPT_TEST_VERBOSE)
        console.log(`      ${name}: ${line.seconds?.toFixed(1)} s on ${line.adapter}`);
    });
  }
});
