// The fused batch-norm gradient kernel for the wasm backend (see batchNormGradient.ts for the
// formulas): one pass over x and dy for the per-channel sums, one pass writing dx, straight
// over the wasm heap.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { batchNormGradKernelName } from './batchNormGradient';
import { f32View, makeOutput } from './wasmKernelRun';

/** Views of the kernel's inputs and outputs; `scale` undefined means γ = 1. */
export interface BatchNormGradArrays {
  x: Float32Array;
  dy: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  scale?: Float32Array;
  dx: Float32Array;
  dmean: Float32Array;
  dvariance: Float32Array;
  dscale: Float32Array;
  doffset: Float32Array;
}

/** Fills the five gradients for channel-last data with `channels` channels. */
export function batchNormGradient(a: BatchNormGradArrays, channels: number, epsilon: number): void {
  const rows = a.x.length / channels;
  const sumDy = new Float64Array(channels);
  const sumDyXmu = new Float64Array(channels);
  for (let r = 0; r < rows; r++) {
    const at = r * channels;
    for (let c = 0; c < channels; c++) {
      const d = a.dy[at + c];
      sumDy[c] += d;
      sumDyXmu[c] += d * (a.x[at + c] - a.mean[c]);
    }
  }
  const k = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const inv = 1 / Math.sqrt(a.variance[c] + epsilon);
    const gamma = a.scale ? a.scale[c] : 1;
    k[c] = gamma * inv;
    a.dmean[c] = -k[c] * sumDy[c];
    a.dvariance[c] = -0.5 * gamma * inv * inv * inv * sumDyXmu[c];
    a.dscale[c] = inv * sumDyXmu[c];
    a.doffset[c] = sumDy[c];
  }
  for (let r = 0; r < rows; r++) {
    const at = r * channels;
    for (let c = 0; c < channels; c++) a.dx[at + c] = a.dy[at + c] * k[c];
  }
}

const batchNormGradWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy, mean, variance, scale } = inputs as Record<string, TensorInfo | undefined> as { x: TensorInfo; dy: TensorInfo; mean: TensorInfo; variance: TensorInfo; scale?: TensorInfo };
  const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
  const channels = mean.shape[0];
  const outs = [makeOutput(backend, x.shape), ...[0, 1, 2, 3].map(() => makeOutput(backend, [channels]))];
  // Views after every allocation (heap growth detaches older ones).
  const [dx, dmean, dvariance, dscale, doffset] = outs.map((o) => f32View(backend, o));
  batchNormGradient({
    x: f32View(backend, x), dy: f32View(backend, dy), mean: f32View(backend, mean), variance: f32View(backend, variance),
    scale: scale ? f32View(backend, scale) : undefined, dx, dmean, dvariance, dscale, doffset,
  }, channels, varianceEpsilon);
  return outs;
};

/** The kernel config; `registerWasmTrainingKernels` registers it. */
export const batchNormGradWasmConfig: KernelConfig = { kernelName: batchNormGradKernelName, backendName: 'wasm', kernelFunc: batchNormGradWasm };
