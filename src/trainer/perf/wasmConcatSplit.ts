// Concat and SplitV for the wasm backend — DenseNet, Inception and SqueezeNet concatenate branch
// outputs along channels, and the gradient of each Concat is a SplitV — as row-block copies over
// the wasm heap (blockCopy.ts). Strings and empty pieces keep the stock kernels.
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { joinRows, splitRows } from './blockCopy';
import { bitsView, makeOutput, runKernel } from './wasmKernelRun';

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

const concatWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const pieces = inputs as unknown as TensorInfo[];
  const axis = tf.util.parseAxisParam((attrs as unknown as { axis: number }).axis, pieces[0].shape)[0];
  if (
    pieces.length < 2 ||
    pieces.some((p) => size(p.shape) === 0 || bitsView(backend, p) === undefined || p.dtype !== pieces[0].dtype)
  ) {
    return runKernel(backend, 'Concat', inputs as unknown as Record<string, TensorInfo>, attrs as NamedAttrMap, true);
  }
  const outShape = pieces[0].shape.slice();
  outShape[axis] = pieces.reduce((s, p) => s + p.shape[axis], 0);
  const out = makeOutput(backend, outShape, pieces[0].dtype);
  const outer = size(outShape.slice(0, axis));
  const inners = pieces.map((p) => size(p.shape.slice(axis)));
  joinRows(
    pieces.map((p) => bitsView(backend, p) as Int32Array),
    bitsView(backend, out) as Int32Array,
    inners,
    outer,
  );
  return out;
};

const splitVWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: TensorInfo };
  const { numOrSizeSplits, axis } = attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
  const $axis = tf.util.parseAxisParam(axis, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x, numOrSizeSplits, $axis);
  if (bitsView(backend, x) === undefined || sizes.some((s) => s === 0) || size(x.shape) === 0) {
    return runKernel(backend, 'SplitV', inputs as Record<string, TensorInfo>, attrs as NamedAttrMap, true);
  }
  const outs = sizes.map((s) => {
    const shape = x.shape.slice();
    shape[$axis] = s;
    return makeOutput(backend, shape, x.dtype);
  });
  const outer = size(x.shape.slice(0, $axis));
  const inners = outs.map((o) => size(o.shape.slice($axis)));
  splitRows(
    bitsView(backend, x) as Int32Array,
    outs.map((o) => bitsView(backend, o) as Int32Array),
    inners,
    outer,
  );
  return outs;
};

/** Replaces the stock kernel; `registerWasmTrainingKernels` installs it. */
export const concatWasmConfig: KernelConfig = { kernelName: 'Concat', backendName: 'wasm', kernelFunc: concatWasm };

/** Replaces the stock kernel; `registerWasmTrainingKernels` installs it. */
export const splitVWasmConfig: KernelConfig = { kernelName: 'SplitV', backendName: 'wasm', kernelFunc: splitVWasm };
