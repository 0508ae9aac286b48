// DepthwiseConv2dNative for large filters and the depthwise input gradient (large filters, or any
// stride other than 1) on our SIMD kernel, multiplier 1 and channels in fours: one call per
// (output row, filter tap) adds that tap's weighted input row into the output row, weights in
// registers. XNNPACK's depthwise kernel ran ConvNeXt's 7×7 at [64,14,14,48] in ≈ 68 CPU ms per
// call on a busy machine; the stride-2 input gradient was a JS scatter pass (MobileNetV2
// [64,14,14,96]: 71 ms).
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { DepthwiseGeometry, DepthwiseGradAttrs } from './depthwiseGeometry';
import { depthwiseGeometry, forEachRowTap } from './depthwiseGeometry';
import type { KernelBackend } from './wasmKernelRun';
import { f32View, makeOutput, runKernel } from './wasmKernelRun';
import type { SimdKernels } from './wasmSimdModule';
import { simdKernels } from './wasmSimdModule';

interface HeapTable {
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
}

/**
 * Filters with at least this many taps (5×5 and up) run faster here than on XNNPACK (7×7 at
 * [64,14,14,48]: 6–10 vs 48–70 CPU ms); at 3×3 XNNPACK's depthwise kernel is as fast or faster
 * (12.6 vs 15–26 ms at [64,28,28,96] stride 2), so 3×3 stays there unless it is a strided input
 * gradient, which XNNPACK cannot compute.
 */
const simdMinTaps = 25;

/**
 * The SIMD kernels where they fit this geometry (multiplier 1, channels a multiple of 4) and beat
 * XNNPACK (`strided`: a stride other than 1, for the input gradient, which has no XNNPACK path).
 */
export function depthwiseSimd(backend: KernelBackend, g: DepthwiseGeometry, strided = false): SimdKernels | undefined {
  if (g.multiplier !== 1 || g.channels % 4 !== 0) return undefined;
  const stride1 = g.strideHeight === 1 && g.strideWidth === 1;
  if (g.filterHeight * g.filterWidth < simdMinTaps && !(strided && !stride1)) return undefined;
  return simdKernels(backend);
}

/**
 * The forward convolution (`forward`: x → out) or its input gradient (dy → dx, scattered back
 * at the stride): the same row-and-tap runs, with the roles of the input and output rows swapped.
 */
export function depthwiseRows(
  backend: KernelBackend,
  kernels: SimdKernels,
  from: TensorInfo,
  filter: TensorInfo,
  g: DepthwiseGeometry,
  forward: boolean,
): TensorInfo {
  const { channels: C, inHeight: H, inWidth: W, outHeight: Ho, outWidth: Wo } = g;
  const out = makeOutput(backend, forward ? [g.batch, Ho, Wo, C] : [g.batch, H, W, C]);
  f32View(backend, out).fill(0);
  const table = (backend as unknown as HeapTable).dataIdMap;
  const fromBase = table.get(from.dataId).memoryOffset;
  const filterBase = table.get(filter.dataId).memoryOffset;
  const outBase = table.get(out.dataId).memoryOffset;
  const rowBytes = 4 * C;
  const strided = g.strideWidth * rowBytes;
  forEachRowTap(g, (b, y, p, tap, xo, q, count) => {
    const imageAt = ((b * H + p) * W + q) * rowBytes;
    const outputAt = ((b * Ho + y) * Wo + xo) * rowBytes;
    const w = filterBase + tap * rowBytes;
    if (forward) kernels.axpyColumns(outBase + outputAt, rowBytes, fromBase + imageAt, strided, w, C, count);
    else kernels.axpyColumns(outBase + imageAt, strided, fromBase + outputAt, rowBytes, w, C, count);
  });
  return out;
}

const depthwiseConvWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as DepthwiseGradAttrs & { dataFormat?: string };
  const g = depthwiseGeometry(x.shape, filter.shape, a);
  const kernels = a.dataFormat === 'NCHW' ? undefined : depthwiseSimd(backend, g);
  if (kernels && x.dtype === 'float32') return depthwiseRows(backend, kernels, x, filter, g, true);
  return runKernel(backend, 'DepthwiseConv2dNative', inputs as Record<string, TensorInfo>, attrs as NamedAttrMap, true);
};

/** Replaces the stock kernel; `registerWasmTrainingKernels` installs it. */
export const depthwiseConvWasmConfig: KernelConfig = {
  kernelName: 'DepthwiseConv2dNative',
  backendName: 'wasm',
  kernelFunc: depthwiseConvWasm,
};
