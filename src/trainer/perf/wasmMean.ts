// Mean for the wasm backend when it reduces the leading axes of a float32 tensor — the batch
// statistics of every batch-norm layer (tf.moments over N, H, W). The stock kernel transposes
// the reduced axes innermost first, like stock Sum; here it is our Sum's fast path, then one scale.
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { f32View, runKernel } from './wasmKernelRun';

const meanWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: TensorInfo };
  const { axis } = attrs as unknown as { axis: number | number[] };
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((ax, i) => ax === i);
  if (x.dtype !== 'float32' || !leading)
    return runKernel(backend, 'Mean', inputs as Record<string, TensorInfo>, attrs as NamedAttrMap, true);
  const count = axes.reduce((p, ax) => p * x.shape[ax], 1);
  const sum = runKernel(backend, 'Sum', { x }, attrs as NamedAttrMap);
  const values = f32View(backend, sum);
  const scale = 1 / count;
  for (let i = 0; i < values.length; i++) values[i] *= scale;
  return sum;
};

/** Replaces the stock kernel; `registerWasmTrainingKernels` installs it. */
export const meanWasmConfig: KernelConfig = { kernelName: 'Mean', backendName: 'wasm', kernelFunc: meanWasm };
