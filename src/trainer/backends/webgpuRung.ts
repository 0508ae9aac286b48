/**
 * The WebGPU rung: TF.js's WebGPU backend on Dawn's Node bindings (npm `webgpu`), for any modern GPU
 * without CUDA. The adapter is asked for first, so "no adapter" becomes a clear reason, and the
 * adapter's name and limits are reported with the chosen backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { AdapterInfo } from '../../shared/trainerProtocol';
import type { Rung } from './rung';
import { errorText, isInstalled, loadFailure } from './rung';

/** The slice of Dawn's `GPUAdapter` this rung reads (`isFallbackAdapter` moved into `info` in newer Dawn). */
interface AdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
  limits: Record<string, unknown>;
}

/** The slice of the `webgpu` package's exports this rung uses. */
export interface DawnModule {
  create(options: string[]): { requestAdapter(o?: object): Promise<AdapterLike | null> };
  globals: object;
}

/** Limits that bound what TF.js's kernels can do; reported to the user with the adapter. */
const reportedLimits = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
];

/** Name and limits of an adapter, as the protocol carries them. */
export function describeAdapter(adapter: AdapterLike): AdapterInfo {
  const info = adapter.info ?? {};
  const limits: Record<string, number> = {};
  for (const key of reportedLimits) {
    const v = adapter.limits[key];
    if (typeof v === 'number') limits[key] = v;
  }
  const name =
    [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' ') || 'unnamed adapter';
  return { name, vendor: info.vendor, architecture: info.architecture, limits };
}

/** WebGPU's default limits that TF.js's kernels assume (workgroups of 256, 16 KiB shared memory). */
const neededLimits: Record<string, number> = {
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxStorageBuffersPerShaderStage: 8,
};

/** Names the limits an adapter falls short on (compatibility-mode and software adapters do). */
export function missingCapabilities(adapter: AdapterLike): string[] {
  return Object.entries(neededLimits)
    .filter(([key, need]) => typeof adapter.limits[key] === 'number' && (adapter.limits[key] as number) < need)
    .map(([key, need]) => `${key} ${String(adapter.limits[key])} < ${need}`);
}

/** CPU renderers that pass for GPUs: Google's SwiftShader, Mesa's llvmpipe/lavapipe/softpipe, Microsoft's WARP. */
const softwareRenderers = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i;

/**
 * Whether the adapter renders on the CPU: Dawn flags it as a fallback adapter, or its name is one of
 * the known software renderers. Such an adapter trains far slower than the wasm rung on the same cores.
 */
export function isSoftwareAdapter(adapter: AdapterLike): boolean {
  if (adapter.isFallbackAdapter === true || adapter.info?.isFallbackAdapter === true) return true;
  const info = adapter.info ?? {};
  return softwareRenderers.test([info.vendor, info.architecture, info.device, info.description].join(' '));
}

/** The skip reason for a software adapter when webgpu was not forced. */
export const softwareRendererReason = (name: string) =>
  `software renderer, slower than wasm: ${name} (force it with --backend webgpu / nngpt.training.backend to use it anyway)`;

function loadDawn(): DawnModule {
  // Lazy: Dawn's add-on is loaded only when this rung is tried.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('webgpu') as DawnModule;
}

/** The WebGPU rung; `load` is injectable so tests can stand in a fake Dawn. */
export function webgpuRung(load: () => DawnModule = loadDawn, installed = isInstalled): Rung {
  return {
    name: 'webgpu',
    async tryInit(context = {}) {
      if (!installed('webgpu')) return { ok: false, reason: "the 'webgpu' package (Dawn for Node) is not installed" };
      let dawn: DawnModule;
      try {
        dawn = load();
      } catch (e) {
        return { ok: false, reason: loadFailure('webgpu (Dawn)', e) };
      }
      const gpu = dawn.create([]);
      let adapter: AdapterLike | null;
      try {
        adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      } catch (e) {
        return { ok: false, reason: `WebGPU adapter request failed: ${errorText(e)}` };
      }
      if (!adapter) {
        return {
          ok: false,
          reason:
            'no usable WebGPU adapter: Dawn found no GPU with the features WebGPU needs (no Vulkan/Metal/D3D12 driver, or a software renderer lacking them)',
        };
      }
      const adapterInfo = describeAdapter(adapter);
      const short = missingCapabilities(adapter);
      if (short.length > 0)
        return {
          ok: false,
          reason: `WebGPU adapter ${adapterInfo.name} lacks what TF.js's kernels need: ${short.join(', ')}`,
        };
      const software = isSoftwareAdapter(adapter);
      if (software && !context.forced) return { ok: false, reason: softwareRendererReason(adapterInfo.name) };
      // TF.js's WebGPU backend registers itself at load time only if navigator.gpu exists.
      Object.assign(globalThis, dawn.globals);
      Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('@tensorflow/tfjs-backend-webgpu');
        if (!(await tf.setBackend('webgpu')))
          return { ok: false, reason: `WebGPU device creation failed on ${adapterInfo.name}` };
        await tf.ready();
      } catch (e) {
        return { ok: false, reason: `WebGPU backend failed on ${adapterInfo.name}: ${errorText(e)}` };
      }
      return {
        ok: true,
        adapterInfo,
        note: software ? 'software renderer (forced): for checking the GPU code path, not for speed' : undefined,
      };
    },
  };
}
