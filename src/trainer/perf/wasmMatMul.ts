// BatchMatMul for the wasm backend. The stock kernel is fast only without transposes and with
// one right-hand matrix (XNNPACK); with transposeA/B — what every dense layer's gradient asks
// for — it takes a slow path (6 ms for a 64×1568×64 product vs 1 ms untransposed), so the operand
// is transposed first. A batched right-hand operand (attention) goes to our SIMD kernel.
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { KernelBackend } from './wasmKernelRun';
import { free, runKernel } from './wasmKernelRun';
import { innerPerm, simdBatchMatMul } from './wasmBatchedMatMul';
import { simdKernels, threadsCount } from './wasmSimdModule';

/**
 * Whether our SIMD kernel is the faster path: always for a batched b (the stock kernel's scalar
 * loop); for one b matrix only on a single thread (XNNPACK spreads its GEMM over the pool, ours
 * runs on the calling thread).
 */
function simdFits(backend: KernelBackend, b: TensorInfo): boolean {
  return b.shape.slice(0, -2).some((d) => d > 1) || threadsCount(backend) === 1;
}

const batchMatMulWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
  const kernels = simdKernels(backend);
  if (kernels && simdFits(backend, b)) {
    const out = simdBatchMatMul(backend, kernels, a, b, transposeA, transposeB);
    if (out) return out;
  }
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
