// DepthwiseConv2dNativeBackpropInput for the wasm backend, which has none (it ran bridged to the
// plain-JS cpu backend with copies: 0.1–0.3 s per MobileNetV2 layer at batch 64).
// Multiplier 1 with channels in fours, large filters or strides other than 1: the forward's
// row-and-tap runs on our SIMD kernel, scattered back at the stride (wasmDepthwiseConv.ts). Otherwise:
// Stride 1: the input gradient is a depthwise convolution of dy with the filter flipped in space,
// on the backend's XNNPACK kernel (channel multiplier m: each of the C·m dy channels convolved
// with its own flipped tap, then every m consecutive channels summed). Other strides: one scatter
// pass over dy, channels innermost, straight over the wasm heap.
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { DepthwiseGeometry, DepthwiseGradAttrs } from './depthwiseGeometry';
import { depthwiseGeometry, forEachTap } from './depthwiseGeometry';
import { f32View, free, makeOutput, runKernel } from './wasmKernelRun';
import { depthwiseRows, depthwiseSimd } from './wasmDepthwiseConv';

/** dx[b,p,q,c] = Σ_{y,x,i,j,m: p = y·s+i·d−top, q = x·s+j·d−left} dy[b,y,x,c·m+m']·W[i,j,c,m']; `dx` is overwritten. */
export function depthwiseInputGradient(
  dy: Float32Array,
  w: Float32Array,
  g: DepthwiseGeometry,
  dx: Float32Array,
): void {
  const { channels: C, multiplier: M } = g;
  dx.fill(0);
  forEachTap(g, (dyAt, dxAt, wAt) => {
    if (M === 1) {
      for (let c = 0; c < C; c++) dx[dxAt + c] += dy[dyAt + c] * w[wAt + c];
      return;
    }
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let m = 0; m < M; m++) s += dy[dyAt + c * M + m] * w[wAt + c * M + m];
      dx[dxAt + c] += s;
    }
  });
}

/**
 * Padding of dy for the stride-1 input gradient as a convolution:
 * forward out[y] = Σ_i in[y + i·d − top]·W[i]  ⇒  dx[p] = Σ_i' dy[p + i'·d − (d·(fh−1) − top)]·W[fh−1−i'].
 */
function flippedPadding(g: DepthwiseGeometry): [number, number, number, number] {
  const top = g.dilationHeight * (g.filterHeight - 1) - g.padTop;
  const left = g.dilationWidth * (g.filterWidth - 1) - g.padLeft;
  const bottom = g.inHeight + g.padTop - g.outHeight;
  const right = g.inWidth + g.padLeft - g.outWidth;
  return [top, bottom, left, right];
}

/** Stride 1 on XNNPACK: depthwise(dy, flipped W as [fh, fw, C·m, 1]), then the m-channel group sums. */
function viaDepthwiseConv(
  backend: Parameters<KernelFunc>[0]['backend'],
  dy: TensorInfo,
  filter: TensorInfo,
  g: DepthwiseGeometry,
  inputShape: number[],
): TensorInfo {
  const OC = g.channels * g.multiplier;
  const flipped = runKernel(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
  const taps = { dataId: flipped.dataId, shape: [g.filterHeight, g.filterWidth, OC, 1], dtype: flipped.dtype };
  const [top, bottom, left, right] = flippedPadding(g);
  const conv = {
    strides: [1, 1],
    pad: [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
    dilations: [g.dilationHeight, g.dilationWidth],
    dimRoundingMode: undefined,
  };
  const perChannel = runKernel(
    backend,
    'DepthwiseConv2dNative',
    { x: dy, filter: taps },
    conv as unknown as NamedAttrMap,
  );
  free(backend, flipped);
  if (g.multiplier === 1) return perChannel;
  const dx = makeOutput(backend, inputShape);
  const src = f32View(backend, perChannel);
  const out = f32View(backend, dx);
  const M = g.multiplier;
  for (let k = 0; k < out.length; k++) {
    let s = 0;
    for (let m = 0; m < M; m++) s += src[k * M + m];
    out[k] = s;
  }
  free(backend, perChannel);
  return dx;
}

const depthwiseBackpropInputWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as DepthwiseGradAttrs & { inputShape: number[] };
  const g = depthwiseGeometry(a.inputShape, filter.shape, a);
  const kernels = depthwiseSimd(backend, g, true);
  if (kernels) return depthwiseRows(backend, kernels, dy, filter, g, false);
  const padsFit = flippedPadding(g).every((p) => p >= 0);
  if (g.strideHeight === 1 && g.strideWidth === 1 && padsFit)
    return viaDepthwiseConv(backend, dy, filter, g, a.inputShape);
  const dx = makeOutput(backend, a.inputShape);
  depthwiseInputGradient(f32View(backend, dy), f32View(backend, filter), g, f32View(backend, dx));
  return dx;
};

/** The kernel config (wasm has no stock one); `registerWasmTrainingKernels` registers it. */
export const depthwiseBackpropInputWasmConfig: KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInputWasm,
};
