// Identity, and Cast to the same dtype, for the wasm backend without a copy. The engine clones
// every tensor a gradient saves (saveTensorsForBackwardMode → Identity) and ReLU's gradient casts
// float32 to float32; the stock wasm kernels copy the bytes each time (5 copies of 64×28×28×16
// activations per step of the reference CNN). Tensor data is never written in place — variables
// swap their dataId on assign — so sharing the buffer under a reference count is safe; it is what
// the cpu backend does.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { runKernel } from './wasmKernelRun';

/** The same bytes under one more reference. */
function share(backend: object, x: TensorInfo): TensorInfo {
  (backend as { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

const identityWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: TensorInfo };
  return x.dtype === 'string' ? runKernel(backend, 'Identity', { x }, attrs ?? {}, true) : share(backend, x);
};

const castWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: TensorInfo };
  const { dtype } = attrs as { dtype: string };
  return dtype === x.dtype && dtype !== 'string'
    ? share(backend, x)
    : runKernel(backend, 'Cast', { x }, attrs ?? {}, true);
};

/** Replaces the stock kernel; `registerWasmTrainingKernels` installs it. */
export const identityWasmConfig: KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: identityWasm,
};

/** Replaces the stock kernel; `registerWasmTrainingKernels` installs it. */
export const castWasmConfig: KernelConfig = { kernelName: 'Cast', backendName: 'wasm', kernelFunc: castWasm };
