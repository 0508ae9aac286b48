// The gradient of FusedBatchNorm in two passes. TF.js's own gradient (tfjs-core
// FusedBatchNorm_grad) spends about thirteen full-size kernels per layer and step — x − mean,
// dy·scale, a tiled 1/σ, products for each of dx, dmean, dvariance, dscale and four Sums — while
// all it needs per channel is Σdy and Σdy·(x − mean), then dx = dy·scale/σ. Where the current
// backend has the fused kernel (batchNormGradKernel, wasm) and the statistics are per channel
// (mean of rank 1: tf.layers' batchNormalization in training), this gradient runs it; anywhere
// else it is TF.js's own. The values are the same formulas: with σ = √(variance + ε),
//   dx = dy·γ/σ,  dmean = −(γ/σ)·Σdy,  dvariance = −½·γ/σ³·Σdy(x−mean),  dγ = Σdy(x−mean)/σ,  dβ = Σdy.
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { coreGradient } from './gradientOverride';

/** The fused kernel's name: inputs x, dy, mean, variance (and scale); outputs dx, dmean, dvariance, dscale, doffset. */
export const batchNormGradKernelName = 'NngptBatchNormGrad';

/** Whether the fused kernel applies: per-channel statistics of the last axis, and the backend has it. */
function fusedApplies(x: Tensor, mean: Tensor): boolean {
  return (
    mean.rank === 1 &&
    mean.size === x.shape[x.rank - 1] &&
    x.dtype === 'float32' &&
    tf.getKernel(batchNormGradKernelName, tf.getBackend()) !== undefined
  );
}

/** The replacement gradient; `registerWasmTrainingKernels` installs it (gradientOverride.ts). */
export const batchNormGradConfig: GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs: NamedAttrMap) => {
    const [x, mean, variance, scale] = saved;
    if (!fusedApplies(x, mean)) return (coreGradient('FusedBatchNorm') as GradConfig).gradFunc(dy, saved, attrs);
    const inputs: Record<string, Tensor> = { x, dy: dy as Tensor, mean, variance };
    if (scale) inputs.scale = scale;
    // All five at once, here rather than in the closures: the engine runs each closure in its own
    // tidy, which would free the other four; the backward pass's outer tidy frees the unused ones.
    const [dx, dmean, dvariance, dscale, doffset] = tf
      .engine()
      .runKernel(batchNormGradKernelName, inputs, attrs) as Tensor[];
    return { x: () => dx, mean: () => dmean, variance: () => dvariance, scale: () => dscale, offset: () => doffset };
  },
};
