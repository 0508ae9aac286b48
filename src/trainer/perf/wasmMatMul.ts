// BatchMatMul for the wasm backend. The stock kernel is fast only without transposes (XNNPACK);
// with transposeA/B — what every dense layer's gradient asks for — it takes a slow path
// (6 ms for a 64×1568×64 product vs 1 ms untransposed). Transposing the operand first costs
// far less than that difference.
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { free, runKernel } from './wasmKernelRun';

/** Swaps the two innermost axes. */
function innerPerm(rank: number): number[] {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

const batchMatMulWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
  const temps: TensorInfo[] = [];
  const plain = (t: TensorInfo, transpose: boolean): TensorInfo => {
    if (!transpose) return t;
    const out = runKernel(backend, 'Transpose', { x: t }, { perm: innerPerm(t.shape.length) });
    temps.push(out);
    return out;
  };
  const out = runKernel(
    backend,
    'BatchMatMul',
    { a: plain(a, transposeA), b: plain(b, transposeB) },
    { transposeA: false, transposeB: false } as NamedAttrMap,
    true,
  );
  free(backend, ...temps);
  return out;
};

/** Replaces the stock kernel; `registerWasmTrainingKernels` installs it. */
export const batchMatMulWasmConfig: KernelConfig = {
  kernelName: 'BatchMatMul',
  backendName: 'wasm',
  kernelFunc: batchMatMulWasm,
};
