// Installs the wasm kernels that make training fast (and, for Conv2DBackpropFilter, possible).
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
// Loaded first so the stock kernels exist to be wrapped (and cannot later overwrite ours).
import '@tensorflow/tfjs-backend-wasm';
import { batchMatMulWasmConfig } from './wasmMatMul';
import { conv2DBackpropFilterWasmConfig } from './wasmConvBackpropFilter';
import { conv2DBackpropInputWasmConfig } from './wasmConvBackpropInput';
import { castWasmConfig, identityWasmConfig } from './wasmNoCopy';
import { originalOf, rememberOriginal } from './wasmKernelRun';
import { maxPoolGradWasmConfig } from './wasmMaxPoolGrad';
import { sumWasmConfig } from './wasmSum';
import { tileWasmConfig } from './wasmTile';
import { meanWasmConfig } from './wasmMean';
import { depthwiseBackpropFilterWasmConfig } from './wasmDepthwiseBackpropFilter';
import { depthwiseBackpropInputWasmConfig } from './wasmDepthwiseBackpropInput';
import { depthwiseConvWasmConfig } from './wasmDepthwiseConv';
import { batchNormWasmConfig } from './wasmBatchNorm';
import type { GradConfig } from '@tensorflow/tfjs';
import { tileGradConfig } from './tileGradient';
import { meanGradConfig } from './meanGradient';
import { batchNormGradConfig } from './batchNormGradient';
import { batchNormGradWasmConfig } from './wasmBatchNormGrad';
import { concatWasmConfig, splitVWasmConfig } from './wasmConcatSplit';
import { clipGradConfig } from './clipGradient';
import { clipGradWasmConfig } from './wasmClipGrad';
import { transposeWasmConfig } from './wasmTranspose';
import { replaceGradient, restoreCoreGradient } from './gradientOverride';

/** Every replacement, by kernel name; the bench's `--stock-kernels` lists skip some. */
export const wasmTrainingKernels: readonly KernelConfig[] = [
  conv2DBackpropFilterWasmConfig,
  conv2DBackpropInputWasmConfig,
  batchMatMulWasmConfig,
  maxPoolGradWasmConfig,
  sumWasmConfig,
  identityWasmConfig,
  castWasmConfig,
  tileWasmConfig,
  meanWasmConfig,
  depthwiseBackpropFilterWasmConfig,
  depthwiseBackpropInputWasmConfig,
  depthwiseConvWasmConfig,
  batchNormWasmConfig,
  batchNormGradWasmConfig,
  concatWasmConfig,
  splitVWasmConfig,
  clipGradWasmConfig,
  transposeWasmConfig,
];

/**
 * Gradient replacements, named `<kernel>:grad` for `skip` and `restoreStockWasmKernels`. TF.js's
 * own gradients for these spend many full-size kernels (Tile: one Slice+Add per tiled copy) where
 * one or two do. Process-wide: the same values on every backend (FusedBatchNorm's uses its fused
 * kernel only where the backend has one).
 */
export const wasmTrainingGradients: readonly GradConfig[] = [
  tileGradConfig,
  meanGradConfig,
  batchNormGradConfig,
  clipGradConfig,
];

/** The name `skip` and `restoreStockWasmKernels` know a gradient replacement by. */
export const gradientName = (config: GradConfig): string => `${config.kernelName}:grad`;

/**
 * Registers the training kernels for the wasm backend, keeping each stock kernel's setup
 * (its wasm function bindings) and remembering it for the cases a replacement hands back.
 * Idempotent; call after importing '@tensorflow/tfjs-backend-wasm', before or after
 * `tf.setBackend('wasm')`. `skip` names kernels to leave stock (for measuring).
 */
export function registerWasmTrainingKernels(skip: readonly string[] = []): string[] {
  const installed: string[] = [];
  for (const config of wasmTrainingKernels) {
    if (skip.includes(config.kernelName)) continue;
    const stock = tf.getKernel(config.kernelName, 'wasm');
    if (stock?.kernelFunc === config.kernelFunc) {
      installed.push(config.kernelName);
      continue;
    }
    if (stock !== undefined) {
      rememberOriginal(config.kernelName, stock.kernelFunc);
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    tf.registerKernel({ ...config, setupFunc: stock?.setupFunc });
    installed.push(config.kernelName);
  }
  for (const config of wasmTrainingGradients) {
    if (skip.includes(gradientName(config))) continue;
    replaceGradient(config);
    installed.push(gradientName(config));
  }
  return installed;
}

/**
 * Puts stock kernels back in place of replacements (for measuring what each one buys); works
 * after the backend started, since the stock kernels' wasm bindings were set up at start.
 * Returns the names restored; Conv2DBackpropFilter has no stock kernel and stays.
 */
export function restoreStockWasmKernels(names: readonly string[]): string[] {
  const restored: string[] = [];
  for (const config of wasmTrainingGradients) {
    if (names.includes(gradientName(config)) && restoreCoreGradient(config)) restored.push(gradientName(config));
  }
  for (const name of names) {
    const stock = originalOf(name);
    const current = tf.getKernel(name, 'wasm');
    if (!stock || !current || current.kernelFunc === stock) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: stock, setupFunc: current.setupFunc });
    restored.push(name);
  }
  return restored;
}
