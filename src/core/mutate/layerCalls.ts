/**
 * Finds the `tf.layers.NAME({...})` calls of a Net and reads their literal configuration. Every
 * mutation starts here: it only touches what it can read as plain literals, so it never guesses
 * what a computed value would be.
 */
import * as ts from 'typescript';
import type { NetFile } from '../netApi/netFile';
import { staticName } from '../netApi/netFile';
import { tfBinding } from '../netApi/templates';

/** One `tf.layers.NAME(config?)` call. */
export interface LayerCall {
  readonly call: ts.CallExpression;
  /** The factory name, e.g. `conv2d`. */
  readonly name: string;
  /** 1-based index among the file's calls of the same factory, for messages like "conv2d#2". */
  readonly ordinal: number;
  readonly config?: ts.ObjectLiteralExpression;
}

/** Layers whose output is an image tensor [batch, h, w, c] when their input is one. */
export const SPATIAL_LAYERS: ReadonlySet<string> = new Set([
  'conv2d',
  'depthwiseConv2d',
  'separableConv2d',
  'maxPooling2d',
  'averagePooling2d',
]);

/** Layers that end the image part of a Net (their output is rank 2). */
export const FLATTENING_LAYERS: ReadonlySet<string> = new Set([
  'flatten',
  'globalAveragePooling2d',
  'globalMaxPooling2d',
]);

/** Layers that combine several inputs and so need matching shapes. */
export const MERGE_LAYERS: ReadonlySet<string> = new Set([
  'add',
  'concatenate',
  'multiply',
  'average',
  'maximum',
  'minimum',
  'subtract',
  'dot',
]);

/** The name the file binds TF.js to (`tf` when it has none yet). */
export function tfName(file: NetFile): string {
  return tfBinding(file)?.name ?? 'tf';
}

/** The factory name when `node` is `<tf>.layers.NAME(...)`. */
export function layerFactoryName(node: ts.Node, tf: string): string | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const inner = node.expression.expression;
  if (!ts.isPropertyAccessExpression(inner) || inner.name.text !== 'layers') return undefined;
  if (!ts.isIdentifier(inner.expression) || inner.expression.text !== tf) return undefined;
  return node.expression.name.text;
}

/** Every layer call of the file, in source order. */
export function layerCalls(file: NetFile): LayerCall[] {
  const tf = tfName(file);
  const counts = new Map<string, number>();
  const out: LayerCall[] = [];
  for (const call of file.calls) {
    const name = layerFactoryName(call, tf);
    if (!name) continue;
    const ordinal = (counts.get(name) ?? 0) + 1;
    counts.set(name, ordinal);
    const first = call.arguments[0];
    out.push({ call, name, ordinal, config: first && ts.isObjectLiteralExpression(first) ? first : undefined });
  }
  return out;
}

/** "conv2d#2": how messages name a layer. */
export function layerLabel(layer: LayerCall): string {
  return `${layer.name}#${layer.ordinal}`;
}

/** The property assignment `key: value` of the layer's config, if written literally. */
export function configProperty(layer: LayerCall, key: string): ts.PropertyAssignment | undefined {
  for (const p of layer.config?.properties ?? []) {
    if (ts.isPropertyAssignment(p) && staticName(p.name) === key) return p;
  }
  return undefined;
}

/** True when the config has a property named `key` of any form. */
export function hasConfigKey(layer: LayerCall, key: string): boolean {
  return (layer.config?.properties ?? []).some((p) => staticName(p.name) === key);
}

/** The numeric literal value of `key` (`[3, 3]` gives 3 when both sides agree), or undefined. */
export function numberProperty(layer: LayerCall, key: string): number | undefined {
  const value = configProperty(layer, key)?.initializer;
  if (!value) return undefined;
  if (ts.isNumericLiteral(value)) return Number(value.text);
  if (ts.isArrayLiteralExpression(value) && value.elements.every(ts.isNumericLiteral)) {
    const values = value.elements.map((e) => Number((e as ts.NumericLiteral).text));
    if (values.length > 0 && values.every((v) => v === values[0])) return values[0];
  }
  return undefined;
}

/** The string literal value of `key`, or undefined. */
export function stringProperty(layer: LayerCall, key: string): string | undefined {
  const value = configProperty(layer, key)?.initializer;
  return value && ts.isStringLiteralLike(value) ? value.text : undefined;
}

/** Whether a setting that TF.js defaults is at `expected` (absent counts as the default). */
export function isDefault(
  layer: LayerCall,
  key: string,
  expected: number | string,
  fallback: number | string,
): boolean {
  if (!hasConfigKey(layer, key)) return fallback === expected;
  const value = typeof expected === 'number' ? numberProperty(layer, key) : stringProperty(layer, key);
  return value === expected;
}

/** True for a layer that keeps height and width: stride 1 and 'same' padding (or no spatial effect at all). */
export function keepsSpatialSize(layer: LayerCall): boolean {
  if (!SPATIAL_LAYERS.has(layer.name)) return true;
  if (layer.name === 'maxPooling2d' || layer.name === 'averagePooling2d') return false;
  return isDefault(layer, 'strides', 1, 1) && isDefault(layer, 'padding', 'same', 'valid');
}

/** The text of the layer call without property `key` (used when copying the first layer of a model). */
export function callTextWithout(layer: LayerCall, key: string): string {
  const text = layer.call.getText();
  const props = layer.config?.properties;
  const index = props ? props.findIndex((p) => staticName(p.name) === key) : -1;
  if (!props || index < 0) return text;
  const base = layer.call.getStart();
  const prop = props[index];
  let start = prop.getStart();
  let end = prop.end;
  if (index + 1 < props.length) end = props[index + 1].getStart();
  else if (index > 0) start = props[index - 1].end;
  if (props.length === 1)
    return `${text.slice(0, layer.config!.getStart() - base)}${text.slice(layer.config!.end - base)}`;
  return text.slice(0, start - base) + text.slice(end - base);
}
