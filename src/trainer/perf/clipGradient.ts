// The gradient of ClipByValue (relu6 in MobileNetV2: tf.layers.reLU({ maxValue: 6 }) clips) in
// one pass. TF.js's own builds it from GreaterEqual, LessEqual, LogicalAnd, ZerosLike and Select
// — five full-size kernels, the bool ones slow on wasm (≈ 7 ns per element). Where the current
// backend has the fused kernel (wasm) this gradient runs it; elsewhere it is TF.js's own:
//   dx = dy where min ≤ x ≤ max, else 0.
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { coreGradient } from './gradientOverride';

/** The fused kernel's name: inputs x, dy; attrs clipValueMin, clipValueMax; output dx. */
export const clipGradKernelName = 'NngptClipByValueGrad';

/** The replacement gradient; `registerWasmTrainingKernels` installs it (gradientOverride.ts). */
export const clipGradConfig: GradConfig = {
  kernelName: 'ClipByValue',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs: NamedAttrMap) => {
    const [x] = saved;
    const fused =
      x.dtype === 'float32' &&
      (dy as Tensor).dtype === 'float32' &&
      tf.getKernel(clipGradKernelName, tf.getBackend()) !== undefined;
    if (!fused) return (coreGradient('ClipByValue') as GradConfig).gradFunc(dy, saved, attrs);
    return { x: () => tf.engine().runKernel(clipGradKernelName, { x, dy: dy as Tensor }, attrs) as Tensor };
  },
};
