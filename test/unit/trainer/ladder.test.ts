import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { NoBackendError, chooseBackend } from '../../../src/trainer/backends/ladder';
import { probeCuda } from '../../../src/trainer/backends/cudaProbe';
import type { CudaProbeEnv } from '../../../src/trainer/backends/cudaProbe';
import { nodeGpuRung } from '../../../src/trainer/backends/nativeRungs';
import type { Rung } from '../../../src/trainer/backends/rung';
import { describeAdapter, webgpuRung } from '../../../src/trainer/backends/webgpuRung';
import type { BackendName } from '../../../src/shared/trainerProtocol';

/** Fake rungs select no backend, so the start-up test is replaced by one that passes (rungProof.test.ts tests the real one). */
const passes = { startupTest: async () => undefined };

function fake(name: BackendName, ok: boolean, tried: string[]): Rung {
  return {
    name,
    tryInit: async () => (tried.push(name), ok ? { ok: true } : { ok: false, reason: `${name} unavailable` }),
  };
}

describe('backend ladder', () => {
  it('takes the first rung that initialises and reports why the earlier ones were skipped', async () => {
    const tried: string[] = [];
    const r = await chooseBackend(passes, [
      fake('tensorflow-gpu', false, tried),
      fake('webgpu', false, tried),
      fake('wasm', true, tried),
      fake('cpu', true, tried),
    ]);
    assert.equal(r.backend, 'wasm');
    assert.deepEqual(r.skipped, [
      { backend: 'tensorflow-gpu', reason: 'tensorflow-gpu unavailable' },
      { backend: 'webgpu', reason: 'webgpu unavailable' },
    ]);
    assert.deepEqual(tried, ['tensorflow-gpu', 'webgpu', 'wasm']);
  });

  it('honours a forced backend and a skip list', async () => {
    const tried: string[] = [];
    const rungs = [fake('webgpu', true, tried), fake('wasm', true, tried), fake('cpu', true, tried)];
    assert.equal((await chooseBackend({ forced: 'cpu', ...passes }, rungs)).backend, 'cpu');
    assert.deepEqual(tried, ['cpu']);
    const skipped = await chooseBackend({ skip: ['webgpu'], ...passes }, rungs);
    assert.equal(skipped.backend, 'wasm');
    assert.deepEqual(skipped.skipped, [{ backend: 'webgpu', reason: 'skipped by setting' }]);
  });

  it('fails with every reason when nothing works, including a forced rung that fails', async () => {
    await assert.rejects(
      chooseBackend({}, [fake('webgpu', false, []), fake('cpu', false, [])]),
      (e: unknown) => e instanceof NoBackendError && /webgpu: webgpu unavailable; cpu: cpu unavailable/.test(e.message),
    );
    await assert.rejects(
      chooseBackend({ forced: 'webgpu' }, [fake('webgpu', false, []), fake('cpu', true, [])]),
      /webgpu unavailable/,
    );
  });

  let previous: string | undefined;
  before(async () => {
    await tf.ready();
    previous = tf.getBackend();
  });
  after(async () => {
    if (!previous) return;
    await tf.setBackend(previous); // other suites in this mocha process expect TF.js's default
  });

  it('on this machine walks past the native and WebGPU rungs to wasm, with a reason for each', async function () {
    this.timeout(60_000);
    const r = await chooseBackend({ skip: [] });
    assert.ok(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm'].includes(r.backend));
    for (const s of r.skipped) assert.ok(s.reason.length > 10, `${s.backend} has a reason`);
    if (r.backend === 'wasm') {
      assert.deepEqual(
        r.skipped.map((s) => s.backend),
        ['tensorflow-gpu', 'webgpu', 'tensorflow'],
      );
      assert.match(r.note ?? '', /SIMD on/);
    }
  });
});

describe('WebGPU rung', () => {
  it('says so when Dawn finds no adapter, without touching TF.js', async () => {
    const dawn = { create: () => ({ requestAdapter: async () => null }), globals: {} };
    const r = await webgpuRung(
      () => dawn,
      () => true,
    ).tryInit();
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /no usable WebGPU adapter/);
  });

  it('refuses an adapter whose limits are below what TF.js needs, naming them', async () => {
    const adapter = {
      info: { vendor: 'mesa', description: 'llvmpipe' },
      limits: { maxComputeInvocationsPerWorkgroup: 128, maxComputeWorkgroupStorageSize: 16384 },
    };
    const dawn = { create: () => ({ requestAdapter: async () => adapter }), globals: {} };
    const r = await webgpuRung(
      () => dawn,
      () => true,
    ).tryInit();
    assert.match(!r.ok ? r.reason : '', /mesa llvmpipe lacks .*maxComputeInvocationsPerWorkgroup 128 < 256/);
  });

  it('reports a load failure of the add-on as the sandbox refusing add-ons', async () => {
    const r = await webgpuRung(
      () => {
        throw Object.assign(new Error('Cannot load native addon because loading addons is disabled.'), {
          code: 'ERR_DLOPEN_DISABLED',
        });
      },
      () => true,
    ).tryInit();
    assert.match(!r.ok ? r.reason : '', /--allow-addons/);
  });

  it('names an adapter and keeps the limits that matter', () => {
    const info = describeAdapter({
      info: { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100' },
      limits: { maxBufferSize: 2 ** 32, maxStorageBufferBindingSize: 2 ** 31, maxTextureDimension2D: 8192 },
    });
    assert.equal(info.name, 'nvidia hopper NVIDIA H100');
    assert.deepEqual(info.limits, { maxBufferSize: 2 ** 32, maxStorageBufferBindingSize: 2 ** 31 });
  });
});

describe('CUDA runtime probe for tfjs-node-gpu', () => {
  const env = (cache: string, ldPath?: string, dirs: Record<string, string[]> = {}): CudaProbeEnv => ({
    ldCachePath: '/etc/ld.so.cache',
    ldLibraryPath: ldPath,
    readFile: () => Buffer.from(cache, 'latin1'),
    listDir: (d) => dirs[d] ?? [],
  });

  it('explains a CUDA 12 machine: which libraries are missing and what is there instead', () => {
    const r = probeCuda(env('ld.so-1.7.0\0libcudart.so.12\0/usr/lib/libcudart.so.12\0libcudnn.so.9\0'));
    assert.equal(r.ok, false);
    assert.deepEqual(r.missing, ['libcudart.so.11.0', 'libcudnn.so.8']);
    assert.deepEqual(r.otherVersions, ['libcudart.so.12', 'libcudnn.so.9']);
    assert.match(
      r.message,
      /CUDA 11\.2 and cuDNN 8\.1.*missing: libcudart\.so\.11\.0, libcudnn\.so\.8.*has libcudart\.so\.12/,
    );
  });

  it('finds the libraries in LD_LIBRARY_PATH or the loader cache', () => {
    const r = probeCuda(
      env('libcudnn.so.8\0', '/opt/cuda/lib64', { '/opt/cuda/lib64': ['libcudart.so.11.0', 'libcublas.so.11'] }),
    );
    assert.equal(r.ok, true, r.message);
    assert.equal(r.found['libcudart.so.11.0'], '/opt/cuda/lib64/libcudart.so.11.0');
  });

  it('keeps the rung from loading the add-on when the runtime is missing', async function () {
    if (process.platform !== 'linux') this.skip();
    const rung = nodeGpuRung(
      () => probeCuda(env('')),
      () => true,
    );
    const r = await rung.tryInit();
    assert.match(!r.ok ? r.reason : '', /missing: libcudart\.so\.11\.0/);
  });
});
