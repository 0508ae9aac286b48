// Transpose for the wasm backend at rank 5 and above (after merging axes that stay neighbours).
// The stock kernel has fast paths up to rank 4 and computes every index at rank 5 (≈ 75 ms for
// the 600 000 elements of a ViT's [batch, tokens, 3, heads, headDim] → [3, batch, heads,
// tokens, headDim] q/k/v split); a JS walk over the output with incremental source offsets
// copies whole innermost rows when the last axis stays last.
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { bitsView, makeOutput, runKernel } from './wasmKernelRun';

/** Drops size-1 axes and merges runs of axes that stay adjacent and in order under `perm`. */
export function simplifyTranspose(shape: number[], perm: number[]): { shape: number[]; perm: number[] } {
  const kept = perm.filter((a) => shape[a] !== 1);
  // Groups of consecutive source axes, in output order.
  const groups: number[][] = [];
  for (const a of kept) {
    const last = groups[groups.length - 1];
    if (last && last[last.length - 1] + 1 === a) last.push(a);
    else groups.push([a]);
  }
  const bySource = [...groups].sort((g, h) => g[0] - h[0]);
  const newShape = bySource.map((g) => g.reduce((p, a) => p * shape[a], 1));
  const newPerm = groups.map((g) => bySource.indexOf(g));
  return { shape: newShape, perm: newPerm };
}

/** Writes x (row-major `shape`) transposed by `perm` into `out`. */
export function transposeInto<T extends Int32Array | Uint8Array>(x: T, shape: number[], perm: number[], out: T): void {
  const rank = shape.length;
  const inStride = new Array<number>(rank).fill(1);
  for (let a = rank - 2; a >= 0; a--) inStride[a] = inStride[a + 1] * shape[a + 1];
  const outShape = perm.map((a) => shape[a]);
  const step = perm.map((a) => inStride[a]);
  const rowLength = outShape[rank - 1];
  const rowStep = step[rank - 1];
  const index = new Array<number>(rank - 1).fill(0);
  let from = 0;
  let to = 0;
  const total = out.length;
  while (to < total) {
    if (rowStep === 1) {
      out.set(x.subarray(from, from + rowLength), to);
      to += rowLength;
    } else {
      for (let j = 0, f = from; j < rowLength; j++, f += rowStep) out[to++] = x[f];
    }
    // Advance the outer output index (odometer), keeping `from` in step.
    for (let a = rank - 2; a >= 0; a--) {
      index[a]++;
      from += step[a];
      if (index[a] < outShape[a]) break;
      from -= step[a] * outShape[a];
      index[a] = 0;
    }
  }
}

const transposeWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: TensorInfo };
  const { perm } = attrs as unknown as { perm: number[] };
  const simple = simplifyTranspose(x.shape, perm);
  if (simple.shape.length < 5 || bitsView(backend, x) === undefined) {
    return runKernel(backend, 'Transpose', inputs as Record<string, TensorInfo>, attrs as NamedAttrMap, true);
  }
  const out = makeOutput(
    backend,
    perm.map((a) => x.shape[a]),
    x.dtype,
  );
  transposeInto(bitsView(backend, x) as Int32Array, simple.shape, simple.perm, bitsView(backend, out) as Int32Array);
  return out;
};

/** Replaces the stock kernel; `registerWasmTrainingKernels` installs it. */
export const transposeWasmConfig: KernelConfig = {
  kernelName: 'Transpose',
  backendName: 'wasm',
  kernelFunc: transposeWasm,
};
