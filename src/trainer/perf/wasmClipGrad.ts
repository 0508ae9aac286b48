// The fused ClipByValue gradient kernel for the wasm backend (clipGradient.ts): one pass over
// x and dy on the wasm heap, in vectors of 4 on our SIMD kernel.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { clipGradKernelName } from './clipGradient';
import { f32View, makeOutput } from './wasmKernelRun';
import { simdKernels } from './wasmSimdModule';

/** dx = dy where min ≤ x ≤ max, else 0 (NaN inputs give 0, as TF.js's comparisons do). */
export function clipGradient(x: Float32Array, dy: Float32Array, min: number, max: number, dx: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    dx[i] = v >= min && v <= max ? dy[i] : 0;
  }
}

interface HeapTable {
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
}

const clipGradWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { clipValueMin, clipValueMax } = attrs as unknown as { clipValueMin: number; clipValueMax: number };
  const out = makeOutput(backend, x.shape);
  const xs = f32View(backend, x);
  const kernels = simdKernels(backend);
  // The SIMD kernel takes whole vectors of 4; the JS loop the rest (and everything without it).
  const vectors = kernels ? xs.length - (xs.length % 4) : 0;
  if (kernels && vectors > 0) {
    const table = (backend as unknown as HeapTable).dataIdMap;
    const at = (t: TensorInfo) => table.get(t.dataId).memoryOffset;
    kernels.clipGrad(at(x), at(dy), at(out), vectors, clipValueMin, clipValueMax);
  }
  const tail = (t: TensorInfo) => f32View(backend, t).subarray(vectors);
  clipGradient(tail(x), tail(dy), clipValueMin, clipValueMax, tail(out));
  return out;
};

/** The kernel config; `registerWasmTrainingKernels` registers it. */
export const clipGradWasmConfig: KernelConfig = {
  kernelName: clipGradKernelName,
  backendName: 'wasm',
  kernelFunc: clipGradWasm,
};
