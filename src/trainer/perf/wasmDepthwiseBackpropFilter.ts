// DepthwiseConv2dNativeBackpropFilter for the wasm backend, which has none: without this kernel
// it ran bridged to the plain-JS cpu backend (copies both ways, then a loop through TensorBuffer
// index arithmetic: 3–6 s per MobileNetV2 layer at batch 64). The filter gradient is small
// (fh·fw·C·multiplier), so one pass over dy with the matching input rows — channels innermost,
// straight over the wasm heap — accumulates it in place:
//   dW[i,j,c,m] = Σ_{b,y,x} x[b, y·s + i·d − top, x·s + j·d − left, c] · dy[b, y, x, c·mult + m]
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { DepthwiseGeometry, DepthwiseGradAttrs } from './depthwiseGeometry';
import { depthwiseGeometry, forEachTap } from './depthwiseGeometry';
import { f32View, makeOutput } from './wasmKernelRun';

/** Accumulates the filter gradient of `x` and `dy` (NHWC, row-major) into `dw` ([fh, fw, C, mult]). */
export function depthwiseFilterGradient(x: Float32Array, dy: Float32Array, g: DepthwiseGeometry, dw: Float32Array): void {
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

const depthwiseBackpropFilterWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as DepthwiseGradAttrs & { filterShape: number[] };
  const g = depthwiseGeometry(x.shape, a.filterShape, a);
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
