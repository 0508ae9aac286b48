/**
 * Structural operators on a sequential stack: insert a self-contained layer, remove one, or copy
 * a layer (or a conv + pool stage). Each checks the stack's image sizes after the change.
 */
import type { NetFile } from '../../netApi/netFile';
import { applyEdits } from '../../netApi/applyFixes';
import type { LayerCall } from '../layerCalls';
import {
  callTextWithout,
  FLATTENING_LAYERS,
  keepsSpatialSize,
  layerLabel,
  numberProperty,
  tfName,
} from '../layerCalls';
import type { Mutation, MutationContext, Operator } from '../operator';
import { pick } from '../operator';
import type { SequentialStack } from '../sequentialStack';
import { insertAfter, removeItem, sequentialStacks } from '../sequentialStack';
import type { SpatialSpec } from '../spatialSize';
import { spatialSpec, stackFits } from '../spatialSize';

/** Index of the first layer that flattens the image (the stack length when none does). */
function flattenIndex(stack: SequentialStack): number {
  const i = stack.items.findIndex((item) => FLATTENING_LAYERS.has(item.layer.name));
  return i < 0 ? stack.items.length : i;
}

function specs(stack: SequentialStack): SpatialSpec[] {
  return stack.items.map((item) => spatialSpec(item.layer));
}

/** The width of the nearest convolution at or before `index` with a literal filter count. */
function filtersBefore(stack: SequentialStack, index: number): number | undefined {
  for (let i = index; i >= 0; i--) {
    const f = numberProperty(stack.items[i].layer, 'filters');
    if (f !== undefined) return f;
  }
  return undefined;
}

interface NewLayer {
  readonly text: string;
  readonly spec: SpatialSpec;
  readonly label: string;
}

/** Layers that can follow item `index`: the image part gets conv / pool / norm / dropout, the dense part dense / norm / dropout. */
function candidates(tf: string, stack: SequentialStack, index: number, random: () => number): NewLayer[] {
  const l = `${tf}.layers`;
  const rate = pick(random, [0.1, 0.2, 0.25, 0.3]);
  const common: NewLayer[] = [
    { text: `${l}.batchNormalization()`, spec: { name: 'batchNormalization' }, label: 'batchNormalization' },
    { text: `${l}.dropout({ rate: ${rate} })`, spec: { name: 'dropout' }, label: `dropout(${rate})` },
  ];
  if (index >= flattenIndex(stack)) {
    const units = pick(random, [32, 64, 128]);
    return [
      ...common,
      {
        text: `${l}.dense({ units: ${units}, activation: 'relu' })`,
        spec: { name: 'dense' },
        label: `dense(${units})`,
      },
    ];
  }
  const filters = filtersBefore(stack, index) ?? 32;
  return [
    ...common,
    {
      text: `${l}.conv2d({ filters: ${filters}, kernelSize: 3, padding: 'same', activation: 'relu' })`,
      spec: { name: 'conv2d', kernel: 3, strides: 1, padding: 'same' },
      label: `conv2d(${filters}, 3×3)`,
    },
    {
      text: `${l}.maxPooling2d({ poolSize: 2 })`,
      spec: { name: 'maxPooling2d', kernel: 2, strides: 2, padding: 'valid' },
      label: 'maxPooling2d',
    },
  ];
}

function theStack(file: NetFile, random: () => number): SequentialStack | undefined {
  return pick(random, sequentialStacks(file));
}

/** Inserts one self-contained layer after a layer of the stack (never after the output layer). */
export const insertLayerOperator: Operator = {
  name: 'insertLayer',
  structural: true,
  propose(file: NetFile, { random }: MutationContext): Mutation | undefined {
    const stack = theStack(file, random);
    if (!stack || stack.items.length < 2) return undefined;
    const index = Math.floor(random() * (stack.items.length - 1));
    const all = specs(stack);
    const fitting = candidates(tfName(file), stack, index, random).filter(
      (c) => stackFits([...all.slice(0, index + 1), c.spec, ...all.slice(index + 1)]) === true,
    );
    const chosen = pick(random, fitting);
    if (!chosen) return undefined;
    const after = stack.items[index].layer;
    return {
      source: applyEdits(file.source, [insertAfter(file, stack, index, [chosen.text])]),
      description: `inserted ${chosen.label} after ${layerLabel(after)}`,
    };
  },
};

const REMOVABLE = new Set([
  'conv2d',
  'depthwiseConv2d',
  'separableConv2d',
  'maxPooling2d',
  'averagePooling2d',
  'batchNormalization',
  'dropout',
  'dense',
  'activation',
  'reLU',
  'leakyReLU',
]);

/** Removes one hidden layer (not the first, which carries the input shape, nor the output layer, nor one reading `prm`). */
export const removeLayerOperator: Operator = {
  name: 'removeLayer',
  structural: true,
  propose(file: NetFile, { random }: MutationContext): Mutation | undefined {
    const stack = theStack(file, random);
    if (!stack) return undefined;
    const all = specs(stack);
    const targets = stack.items
      .map((item, i) => ({ item, i }))
      .filter(
        ({ item, i }) =>
          i > 0 &&
          i < stack.items.length - 1 &&
          REMOVABLE.has(item.layer.name) &&
          !/\bprm\b|outShape/.test(item.layer.call.getText()),
      )
      .filter(({ i }) => stackFits([...all.slice(0, i), ...all.slice(i + 1)]) === true);
    const target = pick(random, targets);
    if (!target) return undefined;
    return {
      source: applyEdits(file.source, [removeItem(file, stack, target.i)]),
      description: `removed ${layerLabel(target.item.layer)}`,
    };
  },
};

function copyable(layer: LayerCall): boolean {
  if (['conv2d', 'separableConv2d'].includes(layer.name)) return keepsSpatialSize(layer);
  if (layer.name === 'depthwiseConv2d')
    return keepsSpatialSize(layer) && (numberProperty(layer, 'depthMultiplier') ?? 1) === 1;
  return layer.name === 'dense';
}

/** Copies a layer (or a conv + pool stage) right after itself; the copy of the first layer drops `inputShape`. */
export const duplicateLayerOperator: Operator = {
  name: 'duplicateLayer',
  structural: true,
  propose(file: NetFile, { random }: MutationContext): Mutation | undefined {
    const stack = theStack(file, random);
    if (!stack) return undefined;
    const last = stack.items.length - 1;
    const all = specs(stack);
    const options: { from: number; to: number }[] = [];
    stack.items.forEach((item, i) => {
      if (i < last && copyable(item.layer)) options.push({ from: i, to: i });
      const next = stack.items[i + 1]?.layer;
      if (
        i + 1 < last &&
        ['conv2d', 'separableConv2d'].includes(item.layer.name) &&
        next &&
        ['maxPooling2d', 'averagePooling2d'].includes(next.name)
      )
        options.push({ from: i, to: i + 1 });
    });
    const fitting = options.filter(
      ({ from, to }) => stackFits([...all.slice(0, to + 1), ...all.slice(from, to + 1), ...all.slice(to + 1)]) === true,
    );
    const chosen = pick(random, fitting);
    if (!chosen) return undefined;
    const copied = stack.items.slice(chosen.from, chosen.to + 1).map((item) => item.layer);
    const texts = copied.map((layer) => callTextWithout(layer, 'inputShape'));
    const what = copied.map(layerLabel).join(' + ');
    return {
      source: applyEdits(file.source, [insertAfter(file, stack, chosen.to, texts)]),
      description: `duplicated ${what}`,
    };
  },
};
