/**
 * Height/width bookkeeping for a sequential stack, so that inserting, removing or copying a
 * pooling or strided layer is only offered when every layer still gets an image of at least 1×1.
 * The Net API does not fix the image size; 28 (MNIST, Fashion-MNIST) and 32 (CIFAR, SVHN) are the
 * sizes of the data sets the trainer ships, so both must work.
 */
import type { LayerCall } from './layerCalls';
import { FLATTENING_LAYERS, hasConfigKey, numberProperty, stringProperty } from './layerCalls';

/** What the size rule needs to know of one layer; `undefined` fields were not literal. */
export interface SpatialSpec {
  readonly name: string;
  readonly kernel?: number;
  readonly strides?: number;
  readonly padding?: string;
}

/** The image sides a mutated Net must still accept. */
export const INPUT_SIDES: readonly number[] = [28, 32];

const POOLS = new Set(['maxPooling2d', 'averagePooling2d']);
const CONVS = new Set(['conv2d', 'depthwiseConv2d', 'separableConv2d']);

/** Reads the spec of a layer; a computed kernel, stride or padding leaves its field undefined. */
export function spatialSpec(layer: LayerCall): SpatialSpec {
  const pool = POOLS.has(layer.name);
  const kernelKey = pool ? 'poolSize' : 'kernelSize';
  const kernel = hasConfigKey(layer, kernelKey) ? numberProperty(layer, kernelKey) : pool ? 2 : undefined;
  const strides = hasConfigKey(layer, 'strides') ? numberProperty(layer, 'strides') : pool ? kernel : 1;
  const padding = hasConfigKey(layer, 'padding') ? stringProperty(layer, 'padding') : 'valid';
  return { name: layer.name, kernel, strides, padding };
}

/** Output side of one layer, or undefined when a needed value is unknown. */
function step(spec: SpatialSpec, side: number): number | undefined {
  if (!CONVS.has(spec.name) && !POOLS.has(spec.name)) return side;
  if (spec.strides === undefined || spec.padding === undefined) return undefined;
  if (spec.padding === 'same') return Math.ceil(side / spec.strides);
  if (spec.kernel === undefined) return undefined;
  return Math.floor((side - spec.kernel) / spec.strides) + 1;
}

/**
 * True when every layer of the stack gets at least a 1×1 image for every input side; false when
 * some does not; undefined when a computed value makes it unknowable.
 */
export function stackFits(specs: readonly SpatialSpec[]): boolean | undefined {
  for (const start of INPUT_SIDES) {
    let side = start;
    for (const spec of specs) {
      if (FLATTENING_LAYERS.has(spec.name)) break;
      const next = step(spec, side);
      if (next === undefined) return undefined;
      if (next < 1) return false;
      side = next;
    }
  }
  return true;
}
