/**
 * The two rungs built on libtensorflow (optional dependencies: their install downloads the native
 * library and fails offline, so both are usually absent). Both register the TF.js backend 'tensorflow'.
 */
import * as tf from '@tensorflow/tfjs';
import type { CudaProbeResult } from './cudaProbe';
import { probeCuda } from './cudaProbe';
import type { Rung, RungResult } from './rung';
import { errorText, isInstalled, loadFailure } from './rung';

const notInstalled = (pkg: string) =>
  `${pkg} is not installed (optional dependency; its install downloads libtensorflow and fails offline)`;

async function loadNative(pkg: string): Promise<RungResult> {
  try {
    // Loaded lazily and by name: an optional native package that is usually absent.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(pkg);
  } catch (e) {
    return { ok: false, reason: loadFailure(pkg, e) };
  }
  try {
    if (!(await tf.setBackend('tensorflow')))
      return { ok: false, reason: `${pkg} loaded but its backend did not initialise` };
    await tf.ready();
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: `${pkg} backend failed: ${errorText(e)}` };
  }
}

/** tfjs-node-gpu: CUDA 11.2 only; the CUDA runtime is checked before the add-on is loaded. */
export function nodeGpuRung(probe: () => CudaProbeResult = probeCuda, installed = isInstalled): Rung {
  const pkg = '@tensorflow/tfjs-node-gpu';
  return {
    name: 'tensorflow-gpu',
    async tryInit() {
      if (!installed(pkg)) return { ok: false, reason: notInstalled(pkg) };
      if (process.platform === 'linux') {
        const cuda = probe();
        if (!cuda.ok) return { ok: false, reason: cuda.message };
      }
      return loadNative(pkg);
    },
  };
}

/** tfjs-node: libtensorflow on the CPU (oneDNN kernels, all cores). */
export function nodeCpuRung(installed = isInstalled): Rung {
  const pkg = '@tensorflow/tfjs-node';
  return {
    name: 'tensorflow',
    async tryInit() {
      if (!installed(pkg)) return { ok: false, reason: notInstalled(pkg) };
      return loadNative(pkg);
    },
  };
}
