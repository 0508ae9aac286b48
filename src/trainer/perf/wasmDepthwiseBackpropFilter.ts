// DepthwiseConv2dNativeBackpropFilter for the wasm backend, which has none: without this kernel
// it ran bridged to the plain-JS cpu backend (copies both ways, then a loop through TensorBuffer
// index arithmetic: 3–6 s per MobileNetV2 layer at batch 64). The filter gradient is small
// (fh·fw·C·multiplier), so one pass over dy with the matching input rows — channels innermost,
// straight over the wasm heap — accumulates it in place. With multiplier 1 and channels in fours
// (MobileNetV2, ConvNeXt) that pass runs on our SIMD kernel (10–20× the JS loop); otherwise
// large filters at stride 1 go to XNNPACK (viaSwappedDepthwise) and the rest to the JS loop:
//   dW[i,j,c,m] = Σ_{b,y,x} x[b, y·s + i·d − top, x·s + j·d − left, c] · dy[b, y, x, c·mult + m]
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { DepthwiseGeometry, DepthwiseGradAttrs } from './depthwiseGeometry';
import { depthwiseGeometry, forEachRowTap, forEachTap } from './depthwiseGeometry';
import { f32View, free, makeOutput, runKernel } from './wasmKernelRun';
import type { SimdKernels } from './wasmSimdModule';
import { simdKernels } from './wasmSimdModule';

interface HeapTable {
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
}

/** Accumulates the filter gradient of `x` and `dy` (NHWC, row-major) into `dw` ([fh, fw, C, mult]). */
export function depthwiseFilterGradient(
  x: Float32Array,
  dy: Float32Array,
  g: DepthwiseGeometry,
  dw: Float32Array,
): void {
  const { channels: C, multiplier: M } = g;
  // Float64 sums: one weight sums batch·Ho·Wo products (50 000 at 64×28×28).
  const acc = new Float64Array(g.filterHeight * g.filterWidth * C * M);
  forEachTap(g, (dyAt, xAt, accAt) => {
    if (M === 1) {
      for (let c = 0; c < C; c++) acc[accAt + c] += x[xAt + c] * dy[dyAt + c];
      return;
    }
    for (let c = 0; c < C; c++) {
      const xc = x[xAt + c];
      for (let m = 0; m < M; m++) acc[accAt + c * M + m] += xc * dy[dyAt + c * M + m];
    }
  });
  dw.set(acc);
}

/** Filters with at least this many taps (5×5 and up) take the XNNPACK path at stride 1. */
const swappedMinTaps = 25;

/**
 * Stride 1, multiplier 1, large filters on XNNPACK: batch and channels become the channels of one
 * image, dy its per-channel filter — depthwise(x as [1, H, W, B·C], dy as [Ho, Wo, B·C, 1]) is
 * [1, fh, fw, B·C] — then the batch sum in JS. Half the CPU of the loop for ConvNeXt's 7×7.
 * Undefined when the forward convolution dropped input rows (no padding fits).
 */
function viaSwappedDepthwise(
  backend: Parameters<KernelFunc>[0]['backend'],
  x: TensorInfo,
  dy: TensorInfo,
  g: DepthwiseGeometry,
  filterShape: number[],
): TensorInfo | undefined {
  const bottom = g.filterHeight + g.outHeight - 1 - g.inHeight - g.padTop;
  const right = g.filterWidth + g.outWidth - 1 - g.inWidth - g.padLeft;
  if (bottom < 0 || right < 0) return undefined;
  const { batch, channels: C } = g;
  const xT = runKernel(backend, 'Transpose', { x }, { perm: [1, 2, 0, 3] });
  const dyT = runKernel(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const image = { dataId: xT.dataId, shape: [1, g.inHeight, g.inWidth, batch * C], dtype: xT.dtype };
  const taps = { dataId: dyT.dataId, shape: [g.outHeight, g.outWidth, batch * C, 1], dtype: dyT.dtype };
  const conv = {
    strides: [1, 1],
    pad: [
      [0, 0],
      [g.padTop, bottom],
      [g.padLeft, right],
      [0, 0],
    ],
    dilations: [1, 1],
    dimRoundingMode: undefined,
  };
  const perImage = runKernel(
    backend,
    'DepthwiseConv2dNative',
    { x: image, filter: taps },
    conv as unknown as NamedAttrMap,
  );
  free(backend, xT, dyT);
  const out = makeOutput(backend, filterShape);
  const src = f32View(backend, perImage);
  const dw = f32View(backend, out);
  const acc = new Float64Array(C);
  for (let t = 0; t < g.filterHeight * g.filterWidth; t++) {
    acc.fill(0);
    const base = t * batch * C;
    for (let b = 0; b < batch; b++) for (let c = 0; c < C; c++) acc[c] += src[base + b * C + c];
    for (let c = 0; c < C; c++) dw[t * C + c] = acc[c];
  }
  free(backend, perImage);
  return out;
}

/**
 * Multiplier 1, channels a multiple of 4, on our SIMD kernel: one call per (image row, filter
 * tap) sums that tap's products over the output row in registers and adds them to the tap's
 * filter row.
 */
function viaSimdColumns(
  backend: Parameters<KernelFunc>[0]['backend'],
  kernels: SimdKernels,
  x: TensorInfo,
  dy: TensorInfo,
  g: DepthwiseGeometry,
  filterShape: number[],
): TensorInfo {
  const out = makeOutput(backend, filterShape);
  f32View(backend, out).fill(0);
  const table = (backend as unknown as HeapTable).dataIdMap;
  const xBase = table.get(x.dataId).memoryOffset;
  const dyBase = table.get(dy.dataId).memoryOffset;
  const outBase = table.get(out.dataId).memoryOffset;
  const { channels: C, inHeight: H, inWidth: W, outHeight: Ho, outWidth: Wo } = g;
  const rowBytes = 4 * C;
  forEachRowTap(g, (b, y, p, tap, xo, q, count) =>
    kernels.dotColumns(
      xBase + ((b * H + p) * W + q) * rowBytes,
      g.strideWidth * rowBytes,
      dyBase + ((b * Ho + y) * Wo + xo) * rowBytes,
      rowBytes,
      outBase + tap * rowBytes,
      C,
      count,
    ),
  );
  return out;
}

const depthwiseBackpropFilterWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as DepthwiseGradAttrs & { filterShape: number[] };
  const g = depthwiseGeometry(x.shape, a.filterShape, a);
  const kernels = g.multiplier === 1 && g.channels % 4 === 0 ? simdKernels(backend) : undefined;
  if (kernels) return viaSimdColumns(backend, kernels, x, dy, g, a.filterShape);
  const unitSteps = g.strideHeight === 1 && g.strideWidth === 1 && g.dilationHeight === 1 && g.dilationWidth === 1;
  if (unitSteps && g.multiplier === 1 && g.filterHeight * g.filterWidth >= swappedMinTaps) {
    const viaXnnpack = viaSwappedDepthwise(backend, x, dy, g, a.filterShape);
    if (viaXnnpack) return viaXnnpack;
  }
  const out = makeOutput(backend, a.filterShape);
  depthwiseFilterGradient(f32View(backend, x), f32View(backend, dy), g, f32View(backend, out));
  return out;
};

/** The kernel config (wasm has no stock one); `registerWasmTrainingKernels` registers it. */
export const depthwiseBackpropFilterWasmConfig: KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilterWasm,
};
