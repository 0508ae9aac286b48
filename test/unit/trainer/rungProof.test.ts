/**
 * A rung must prove itself before the ladder takes it: the start-up test (a tiny conv + dense model,
 * its loss checked against plain JavaScript, one gradient step, an async read) passes on a working
 * backend and fails on a broken one; a failing rung is skipped with the reason and the next one
 * tried. And the WebGPU rung refuses software adapters unless webgpu is forced.
 */
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { NoBackendError, chooseBackend } from '../../../src/trainer/backends/ladder';
import type { Rung } from '../../../src/trainer/backends/rung';
import { referenceLoss, startupTest } from '../../../src/trainer/backends/startupTest';
import { isSoftwareAdapter, webgpuRung } from '../../../src/trainer/backends/webgpuRung';
import type { BackendName } from '../../../src/shared/trainerProtocol';

const working = (name: BackendName, tried: string[]): Rung => ({
  name,
  tryInit: async () => (tried.push(name), { ok: true }),
});

/** The cpu backend with ReLU replaced by the identity: it initialises fine and computes the wrong thing. */
function registerBrokenBackend(name: string): void {
  if (tf.findBackendFactory(name)) return;
  tf.registerBackend(name, () => new MathBackendCPU());
  const identity = tf.getKernel('Identity', 'cpu')!;
  for (const k of tf.getKernelsForBackend('cpu')) {
    tf.registerKernel({
      ...k,
      backendName: name,
      kernelFunc: k.kernelName === 'Relu' ? identity.kernelFunc : k.kernelFunc,
    });
  }
}

describe('start-up test of a rung', () => {
  let previous: string | undefined;
  before(async () => {
    await tf.ready();
    previous = tf.getBackend();
  });
  after(async () => {
    if (previous) await tf.setBackend(previous);
  });

  it('passes on the cpu backend, whose loss matches the plain-JavaScript sum', async () => {
    await tf.setBackend('cpu');
    assert.ok(referenceLoss() > 0.1 && Number.isFinite(referenceLoss()));
    assert.equal(await startupTest(), undefined);
  });

  it('fails on a backend that computes the wrong thing, saying what was wrong', async () => {
    registerBrokenBackend('broken-relu');
    await tf.setBackend('broken-relu');
    assert.match((await startupTest()) ?? '', /tiny model's loss is .*expected/);
  });

  it('leaves no tensors behind', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    await startupTest();
    assert.equal(tf.memory().numTensors, before);
  });

  it('a rung that fails it is skipped with the reason and the next rung is tried', async () => {
    const tried: string[] = [];
    const verdicts = ['Kernel Conv2D broke', undefined];
    const r = await chooseBackend({ startupTest: async () => verdicts.shift() }, [
      working('webgpu', tried),
      working('wasm', tried),
    ]);
    assert.equal(r.backend, 'wasm');
    assert.deepEqual(tried, ['webgpu', 'wasm']);
    assert.match(
      r.skipped[0].reason,
      /^failed the start-up test \(one conv, one dense, a gradient step, an async read of the loss\): Kernel Conv2D broke$/,
    );
  });

  it('a forced rung that fails it ends the ladder with the reason', async () => {
    await assert.rejects(
      chooseBackend({ forced: 'webgpu', startupTest: async () => 'loss NaN' }, [
        working('webgpu', []),
        working('wasm', []),
      ]),
      (e: unknown) => e instanceof NoBackendError && /webgpu: failed the start-up test.*loss NaN/.test(e.message),
    );
  });
});

describe('WebGPU rung and software adapters', () => {
  const limits = {
    maxComputeInvocationsPerWorkgroup: 256,
    maxComputeWorkgroupStorageSize: 32768,
    maxStorageBuffersPerShaderStage: 12,
  };
  const swiftShader = {
    info: {
      vendor: 'google',
      architecture: 'swiftshader',
      device: 'swiftshader-device-subzero-',
      description: 'SwiftShader driver 5.0.0',
    },
    limits,
  };

  it('tells software renderers from GPUs by Dawn’s fallback flag or by name', () => {
    assert.equal(isSoftwareAdapter(swiftShader), true);
    assert.equal(
      isSoftwareAdapter({ info: { vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }, limits }),
      true,
    );
    assert.equal(isSoftwareAdapter({ info: { vendor: 'mesa', architecture: 'lavapipe' }, limits }), true);
    assert.equal(
      isSoftwareAdapter({ info: { vendor: 'microsoft', description: 'Microsoft Basic Render Driver' }, limits }),
      true,
    );
    assert.equal(isSoftwareAdapter({ info: { vendor: 'x', isFallbackAdapter: true }, limits }), true);
    assert.equal(isSoftwareAdapter({ isFallbackAdapter: true, limits }), true);
    assert.equal(
      isSoftwareAdapter({ info: { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200' }, limits }),
      false,
    );
    assert.equal(
      isSoftwareAdapter({ info: { vendor: 'apple', architecture: 'metal-3', description: 'Apple M2' }, limits }),
      false,
    );
  });

  it('refuses a software adapter unless forced, naming it, before touching TF.js', async () => {
    const dawn = { create: () => ({ requestAdapter: async () => swiftShader }), globals: {} };
    const r = await webgpuRung(
      () => dawn,
      () => true,
    ).tryInit();
    assert.equal(r.ok, false);
    assert.match(
      !r.ok ? r.reason : '',
      /^software renderer, slower than wasm: google swiftshader .*SwiftShader driver 5\.0\.0/,
    );
    assert.equal(
      (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu,
      undefined,
      'navigator.gpu was not set',
    );
  });
});
