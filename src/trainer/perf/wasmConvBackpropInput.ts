// Conv2DBackpropInput for the wasm backend. The stock kernel is a scalar loop (≈1 GFLOP/s:
// 47 ms of a 147 ms training step of the reference CNN). For stride 1 the input gradient is a
// plain convolution of dy with the filter flipped in space and its channel axes swapped, which
// the backend's XNNPACK Conv2D runs ~8× faster. Larger strides split dx by phase into stride-1
// convolutions (wasmConvBackpropInputStrided.ts); what neither handles keeps the stock kernel.
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { stridedBackpropInput } from './wasmConvBackpropInputStrided';
import { free, runKernel } from './wasmKernelRun';

interface BackpropInputAttrs {
  strides: number | [number, number];
  pad: unknown;
  dataFormat?: string;
  dimRoundingMode?: unknown;
  inputShape: [number, number, number, number];
}

const conv2DBackpropInputWasm: KernelFunc = (args) => {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as BackpropInputAttrs;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const strides: [number, number] = typeof attrs.strides === 'number' ? [attrs.strides, attrs.strides] : attrs.strides;
  const nhwc = attrs.dataFormat === undefined || attrs.dataFormat === 'NHWC';
  const stock = () =>
    runKernel(backend, 'Conv2DBackpropInput', inputs as Record<string, TensorInfo>, args.attrs as NamedAttrMap, true);
  if (!nhwc) return stock();
  const [fh, fw] = filter.shape;
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    strides,
    [1, 1],
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'floor' | undefined,
  );
  if (strides[0] !== 1 || strides[1] !== 1) {
    return (
      stridedBackpropInput(backend, dy, filter, attrs.inputShape, strides, info.padInfo.top, info.padInfo.left) ??
      stock()
    );
  }
  // forward: out[y] = Σ_i in[y + i − top]·W[i]  ⇒  dx[p] = Σ_i' dy[p + i' − (fh−1−top)]·W[fh−1−i']
  const top = fh - 1 - info.padInfo.top;
  const left = fw - 1 - info.padInfo.left;
  const bottom = attrs.inputShape[1] - info.outHeight + info.padInfo.top;
  const right = attrs.inputShape[2] - info.outWidth + info.padInfo.left;
  const flipped = runKernel(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
  const swappedFilter = runKernel(backend, 'Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
  const conv = {
    strides: [1, 1],
    pad: [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dilations: [1, 1],
  };
  const dx = runKernel(backend, 'Conv2D', { x: dy, filter: swappedFilter }, conv as unknown as NamedAttrMap);
  free(backend, flipped, swappedFilter);
  return dx;
};

/** Replaces the stock kernel; `registerWasmTrainingKernels` installs it. */
export const conv2DBackpropInputWasmConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInputWasm,
};
