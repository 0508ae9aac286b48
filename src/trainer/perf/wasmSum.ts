// Sum for the wasm backend when it reduces the leading axes of a float32 tensor — the bias
// gradient of every conv and dense layer ([N,H,W,C] → [C]). The stock kernel transposes the
// reduced axes innermost first (2.5–3.7 ms for 64×28×28×16); one streaming JS pass takes ~1.5 ms.
// (A GEMM ones[1,rows]·x[rows,C] is slower still: XNNPACK repacks x as weights on every call.)
// For NHWC → C (conv bias gradients) XNNPACK's average pooling over the whole image does the
// spatial part vectorised (0.8 ms), leaving a batch × C sum. Other reductions keep the stock kernel.
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { f32View, free, makeOutput, runKernel } from './wasmKernelRun';

/** How many leading axes `axis` names, or -1 when it is not exactly a leading run. */
function leadingAxes(axis: number | number[], shape: number[]): number {
  const axes = tf.util.parseAxisParam(axis, shape).sort((p, q) => p - q);
  return axes.every((ax, i) => ax === i) ? axes.length : -1;
}

/** Σ over N, H, W of an NHWC tensor: per-image means from AvgPool, then the batch sum in JS. */
function viaAvgPool(backend: Parameters<KernelFunc>[0]['backend'], x: TensorInfo): TensorInfo {
  const [batch, height, width, channels] = x.shape;
  const pool = {
    filterSize: [height, width],
    strides: [1, 1],
    pad: 'valid',
    dimRoundingMode: undefined,
  } as unknown as NamedAttrMap;
  const means = runKernel(backend, 'AvgPool', { x }, pool);
  const outInfo = makeOutput(backend, [channels]);
  const m = f32View(backend, means);
  const acc = new Float64Array(channels);
  for (let b = 0; b < batch; b++) for (let c = 0; c < channels; c++) acc[c] += m[b * channels + c];
  const out = f32View(backend, outInfo);
  for (let c = 0; c < channels; c++) out[c] = acc[c] * height * width;
  free(backend, means);
  return outInfo;
}

const sumWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: TensorInfo };
  const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const k = x.dtype === 'float32' ? leadingAxes(axis, x.shape) : -1;
  if (k <= 0 || k === x.shape.length) {
    return runKernel(backend, 'Sum', inputs as Record<string, TensorInfo>, attrs as NamedAttrMap, true);
  }
  if (k === 3 && x.shape.length === 4 && !keepDims) return viaAvgPool(backend, x);
  const rows = x.shape.slice(0, k).reduce((p, d) => p * d, 1);
  const kept = x.shape.slice(k);
  const width = kept.reduce((p, d) => p * d, 1);
  const outInfo = makeOutput(backend, keepDims ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept);
  const src = f32View(backend, x);
  // Accumulate in float64 so 50k-row sums keep float32 precision.
  const acc = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    for (let c = 0; c < width; c++) acc[c] += src[base + c];
  }
  f32View(backend, outInfo).set(acc);
  return outInfo;
};

/** Replaces the stock kernel; `registerWasmTrainingKernels` installs it. */
export const sumWasmConfig: KernelConfig = {
  kernelName: 'Sum',
  backendName: 'wasm',
  kernelFunc: sumWasm,
};
