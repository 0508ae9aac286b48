// BatchMatMul on our SIMD matmul, one call per output matrix (per panel of a long inner
// dimension): batched right-hand operands (attention: Q·Kᵀ, P·V and their gradients), which the
// stock kernel runs on a scalar loop (≈ 0.5 GMAC/s; XNNPACK's GEMM takes one shared weight matrix
// per call), and on one thread every product (wasmMatMul.ts decides).
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelBackend } from './wasmKernelRun';
import { free, makeOutput } from './wasmKernelRun';
import type { SimdKernels } from './wasmSimdModule';
import { tileCols, tileRows } from './wasmSimdMatMul';

/** Bytes of b one call of the kernel reads: half of a 512 KiB L2, so a and out have room too. */
const panelBytes = 256 * 1024;

interface HeapTable {
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
}

/** Swaps the two innermost axes. */
export function innerPerm(rank: number): number[] {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

/**
 * For each matrix of the broadcast outer shape `outer`, the index of the matrix it reads in an
 * operand whose outer shape is `dims` (numpy broadcasting: size-1 and missing axes repeat).
 */
export function broadcastMatrixIndex(dims: readonly number[], outer: readonly number[]): Int32Array {
  const count = outer.reduce((p, d) => p * d, 1);
  const index = new Int32Array(count);
  const pad = outer.length - dims.length;
  const strides = outer.map(() => 0);
  let stride = 1;
  for (let d = outer.length - 1; d >= pad; d--) {
    const size = dims[d - pad];
    strides[d] = size === 1 ? 0 : stride;
    stride *= size;
  }
  const at = outer.map(() => 0);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    index[i] = offset;
    for (let d = outer.length - 1; d >= 0; d--) {
      at[d]++;
      offset += strides[d];
      if (at[d] < outer[d]) break;
      offset -= strides[d] * at[d];
      at[d] = 0;
    }
  }
  return index;
}

/**
 * a · b (each optionally transposed in its two inner axes, outer axes broadcast) on the SIMD
 * kernel, or undefined where the kernel's tile does not fit (fewer than 4 output rows or 8
 * columns): the caller keeps the stock path then.
 */
export function simdBatchMatMul(
  backend: KernelBackend,
  kernels: SimdKernels,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo | undefined {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const kB = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  if (k !== kB) {
    throw new Error(
      `Error in matMul: inner shapes (${k}) and (${kB}) of Tensors with shapes ${a.shape} and ${b.shape} ` +
        `and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || m < tileRows || n < tileCols || k < 1) return undefined;
  // Every row tile reads all of b: a b larger than the cache is taken in panels of rows, each
  // accumulated into out, which needs whole tiles (the edge tiles overlap and would add twice).
  const panelRows = Math.max(1, Math.floor(panelBytes / (4 * n)));
  if (k > panelRows && (m % tileRows !== 0 || n % tileCols !== 0)) return undefined;
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const aIndex = broadcastMatrixIndex(a.shape.slice(0, -2), outer);
  const bIndex = broadcastMatrixIndex(b.shape.slice(0, -2), outer);
  const out = makeOutput(backend, [...outer, m, n]);
  // The kernel wants b's rows contiguous: a transposed b is packed one matrix at a time into a
  // k×n buffer that stays in cache.
  const packed = transposeB ? makeOutput(backend, [k, n]) : undefined;
  const table = (backend as unknown as HeapTable).dataIdMap;
  const aBase = table.get(a.dataId).memoryOffset;
  const bBase = table.get(b.dataId).memoryOffset;
  const outBase = table.get(out.dataId).memoryOffset;
  const packedBase = packed ? table.get(packed.dataId).memoryOffset : 0;
  const [aRowStride, aColStride] = transposeA ? [4, 4 * m] : [4 * k, 4];
  let lastPacked = -1;
  for (let i = 0; i < aIndex.length; i++) {
    let bMatrix = bBase + bIndex[i] * k * n * 4;
    if (packed) {
      if (bIndex[i] !== lastPacked) kernels.transpose(bMatrix, packedBase, n, k);
      lastPacked = bIndex[i];
      bMatrix = packedBase;
    }
    const aMatrix = aBase + aIndex[i] * m * k * 4;
    const outMatrix = outBase + i * m * n * 4;
    for (let k0 = 0; k0 < k; k0 += panelRows) {
      const rows = Math.min(panelRows, k - k0);
      kernels.matmul(
        aMatrix + k0 * aColStride,
        aRowStride,
        aColStride,
        bMatrix + k0 * 4 * n,
        4 * n,
        outMatrix,
        4 * n,
        m,
        rows,
        n,
        k0 > 0 ? 1 : 0,
      );
    }
  }
  if (packed) free(backend, packed);
  return out;
}
