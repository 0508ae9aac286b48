/**
 * Runs, on the `cpu` backend, every kernel the target backend (wasm) does not have — mostly gradient
 * kernels such as DepthwiseConv2dNativeBackpropInput or the pooling gradients of rarer layers.
 * Without this, a Net that uses such an op fails on wasm with "Kernel … not registered". The
 * bridge copies the inputs over, runs the cpu kernel and copies the outputs back: slower than a
 * native kernel, but the Net trains, and the kernels that matter for speed are native.
 */
import * as tf from '@tensorflow/tfjs';

type TensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };

/** Registers bridges on `target` for every `cpu` kernel it lacks; returns their names. */
export function bridgeMissingKernels(target: string): string[] {
  const cpu = tf.findBackend('cpu');
  if (!cpu) return [];
  const bridged: string[] = [];
  for (const config of tf.getKernelsForBackend('cpu')) {
    if (tf.getKernel(config.kernelName, target)) continue;
    tf.registerKernel({
      kernelName: config.kernelName,
      backendName: target,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const owner = backend as tf.KernelBackend;
        const moved: Record<string, TensorInfo> = {};
        for (const [name, info] of Object.entries(inputs as Record<string, TensorInfo>)) {
          moved[name] = {
            dataId: cpu.write(owner.readSync(info.dataId) as tf.backend_util.BackendValues, info.shape, info.dtype),
            shape: info.shape,
            dtype: info.dtype,
          };
        }
        try {
          const result = config.kernelFunc({
            inputs: moved as tf.NamedTensorInfoMap,
            backend: cpu,
            attrs: attrs as tf.NamedAttrMap,
          });
          const back = (out: TensorInfo): TensorInfo => {
            const dataId = owner.write(cpu.readSync(out.dataId) as tf.backend_util.BackendValues, out.shape, out.dtype);
            cpu.disposeData(out.dataId);
            return { dataId, shape: out.shape, dtype: out.dtype };
          };
          return Array.isArray(result) ? (result as TensorInfo[]).map(back) : back(result as TensorInfo);
        } finally {
          for (const info of Object.values(moved)) cpu.disposeData(info.dataId);
        }
      },
    } as tf.KernelConfig);
    bridged.push(config.kernelName);
  }
  return bridged;
}
