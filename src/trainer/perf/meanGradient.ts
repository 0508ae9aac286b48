// The gradient of Mean as one broadcast. TF.js's own (tfjs-core Mean_grad) fills a tensor of
// ones the size of x, multiplies and divides — three full-size kernels — for what is dy/n
// broadcast back over the reduced axes: one Tile of the small tensor (a block copy on wasm,
// wasmTile.ts). Every batch-norm layer in training takes it twice (tf.moments: mean and variance).
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';

/** The replacement gradient; `registerWasmTrainingKernels` installs it (gradientOverride.ts). */
export const meanGradConfig: GradConfig = {
  kernelName: 'Mean',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs: NamedAttrMap) => {
    const [x] = saved;
    const { axis } = attrs as unknown as { axis: number | number[] };
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const count = axes.reduce((p, ax) => p * x.shape[ax], 1);
    return { x: () => tf.broadcastTo(tf.div(tf.reshape(tf.cast(dy as Tensor, 'float32'), kept), count), x.shape) };
  },
};
