// The fused ClipByValue gradient kernel for the wasm backend (clipGradient.ts): one pass over
// x and dy on the wasm heap.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { clipGradKernelName } from './clipGradient';
import { f32View, makeOutput } from './wasmKernelRun';

/** dx = dy where min ≤ x ≤ max, else 0 (NaN inputs give 0, as TF.js's comparisons do). */
export function clipGradient(x: Float32Array, dy: Float32Array, min: number, max: number, dx: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    dx[i] = v >= min && v <= max ? dy[i] : 0;
  }
}

const clipGradWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { clipValueMin, clipValueMax } = attrs as unknown as { clipValueMin: number; clipValueMax: number };
  const out = makeOutput(backend, x.shape);
  clipGradient(f32View(backend, x), f32View(backend, dy), clipValueMin, clipValueMax, f32View(backend, out));
  return out;
};

/** The kernel config; `registerWasmTrainingKernels` registers it. */
export const clipGradWasmConfig: KernelConfig = {
  kernelName: clipGradKernelName,
  backendName: 'wasm',
  kernelFunc: clipGradWasm,
};
