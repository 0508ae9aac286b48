// The gradient of Tile as one reduction. TF.js's own gradient adds up one Slice per repeat
// (tfjs-core Tile_grad: a Slice and an Add kernel for every tiled copy), and tf.layers'
// LayerNormalization tiles its scale and offset [1,1,1,C] over every pixel: at batch 64 and
// 14×14 that is 12 544 Slice+Add pairs per layer and step — ConvNeXt could not finish a batch
// in 100 s. Viewing dy as [r0, d0, r1, d1, …] (repeat outer, original inner) the gradient is a
// Sum over the repeat axes; dropping the size-1 axes first makes the usual case (scale tiled
// over N, H, W) a leading-axis sum, which the wasm Sum kernel does fast. Same values on every
// backend, so it replaces the core gradient process-wide.
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';

/** The shape to view dy as, and the axes of that view to sum, for x of `shape` tiled by `reps`. */
export function tileGradientPlan(shape: number[], reps: number[]): { view: number[]; axes: number[] } {
  const view: number[] = [];
  const axes: number[] = [];
  shape.forEach((d, i) => {
    if (reps[i] !== 1) {
      axes.push(view.length);
      view.push(reps[i]);
    }
    if (d !== 1) view.push(d);
  });
  return { view, axes };
}

/** Σ of dy over the tiled copies, shaped like x. */
export function sumOfTiles(dy: Tensor, shape: number[], reps: number[]): Tensor {
  const { view, axes } = tileGradientPlan(shape, reps);
  if (axes.length === 0) return dy.reshape(shape);
  return tf.sum(tf.reshape(dy, view), axes).reshape(shape);
}

/** The replacement gradient; `registerWasmTrainingKernels` installs it (gradientOverride.ts). */
export const tileGradConfig: GradConfig = {
  kernelName: 'Tile',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs: NamedAttrMap) => {
    const [x] = saved;
    const { reps } = attrs as unknown as { reps: number[] };
    return { x: () => sumOfTiles(dy as Tensor, x.shape, reps) };
  },
};
