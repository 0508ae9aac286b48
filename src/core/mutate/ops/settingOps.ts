/**
 * Operators that change a layer's settings in place: width (filters / units), kernel size,
 * activation, dropout rate. They never add or remove layers, so novelty detection (which reads
 * numbers and strings as placeholders) does not count them; they vary what the Net computes.
 */
import * as ts from 'typescript';
import type { TextEdit } from '../../netApi/finding';
import type { NetFile } from '../../netApi/netFile';
import { applyEdits } from '../../netApi/applyFixes';
import type { LayerCall } from '../layerCalls';
import { configProperty, layerCalls, layerLabel, MERGE_LAYERS, numberProperty, stringProperty } from '../layerCalls';
import type { Mutation, MutationContext, Operator } from '../operator';
import { pick } from '../operator';

const WIDENED = new Set(['conv2d', 'separableConv2d', 'conv2dTranspose']);
/** Activations tf.layers accepts that suit hidden layers (gates like sigmoid and outputs like softmax stay as written). */
export const HIDDEN_ACTIVATIONS: readonly string[] = ['relu', 'relu6', 'elu', 'selu', 'swish', 'tanh', 'mish', 'gelu'];
const DROPOUT_RATES = [0.1, 0.2, 0.3, 0.4, 0.5];
const WIDTH_FACTORS = [0.5, 0.75, 1.5, 2];

function scaled(value: number, factor: number): number {
  return Math.min(512, Math.max(4, Math.round((value * factor) / 4) * 4));
}

/** The dense layer that produces the logits: the file's last one, whose units the output shape fixes. */
function outputDense(layers: readonly LayerCall[]): LayerCall | undefined {
  return [...layers].reverse().find((l) => l.name === 'dense');
}

/** The width setting of a layer, if it is a literal of at least 4 (1-channel maps such as CBAM's spatial gate must stay 1). */
function widthKey(layer: LayerCall, logits: LayerCall | undefined): 'filters' | 'units' | undefined {
  if (WIDENED.has(layer.name) && (numberProperty(layer, 'filters') ?? 0) >= 4) return 'filters';
  if (layer.name === 'dense' && layer !== logits && (numberProperty(layer, 'units') ?? 0) >= 4) return 'units';
  return undefined;
}

function replaceValue(layer: LayerCall, key: string, text: string): TextEdit {
  const value = (configProperty(layer, key) as ts.PropertyAssignment).initializer;
  return { range: { start: value.getStart(), end: value.end }, newText: text };
}

/** Numeric literal arguments of calls to the file's own functions at a width-like parameter (`block(x, 32)`). */
function widthArguments(file: NetFile): ts.NumericLiteral[] {
  const widthParams = new Map<string, number[]>();
  for (const s of file.sourceFile.statements) {
    if (!ts.isFunctionDeclaration(s) || !s.name) continue;
    const idx = s.parameters
      .map((p, i) =>
        ts.isIdentifier(p.name) && /^(filters|channels|units|outChannels|width)$/i.test(p.name.text) ? i : -1,
      )
      .filter((i) => i >= 0);
    if (idx.length > 0) widthParams.set(s.name.text, idx);
  }
  const out: ts.NumericLiteral[] = [];
  for (const call of file.calls) {
    const idx = ts.isIdentifier(call.expression) ? widthParams.get(call.expression.text) : undefined;
    for (const i of idx ?? []) {
      const arg = call.arguments[i];
      if (arg && ts.isNumericLiteral(arg)) out.push(arg);
    }
  }
  return out;
}

/**
 * Width: in a Net without merge layers one layer changes; with merges (residual adds, gates) every
 * literal width scales by the same factor, so tensors that meet in a merge still match.
 */
export const widthOperator: Operator = {
  name: 'width',
  structural: false,
  propose(file: NetFile, { random }: MutationContext): Mutation | undefined {
    const layers = layerCalls(file);
    const logits = outputDense(layers);
    const targets = layers.filter((l) => widthKey(l, logits));
    const factor = pick(random, WIDTH_FACTORS) as number;
    if (!layers.some((l) => MERGE_LAYERS.has(l.name))) {
      const layer = pick(random, targets);
      if (!layer) return undefined;
      const key = widthKey(layer, logits) as string;
      const old = numberProperty(layer, key) as number;
      const next = scaled(old, factor);
      if (next === old) return undefined;
      return {
        source: applyEdits(file.source, [replaceValue(layer, key, String(next))]),
        description: `${layerLabel(layer)} ${key} ${old}→${next}`,
      };
    }
    const edits = targets.map((l) =>
      replaceValue(
        l,
        widthKey(l, logits) as string,
        String(scaled(numberProperty(l, widthKey(l, logits) as string) as number, factor)),
      ),
    );
    edits.push(
      ...widthArguments(file).map((a) => ({
        range: { start: a.getStart(), end: a.end },
        newText: String(scaled(Number(a.text), factor)),
      })),
    );
    if (edits.length === 0) return undefined;
    return { source: applyEdits(file.source, edits), description: `all widths ×${factor}` };
  },
};

const KERNEL_NEXT: Record<number, number[]> = { 1: [3], 3: [5, 1], 5: [3, 7], 7: [5, 3] };

/** Kernel size of a 'same'-padded convolution (its output size does not depend on the kernel). */
export const kernelOperator: Operator = {
  name: 'kernel',
  structural: false,
  propose(file: NetFile, { random }: MutationContext): Mutation | undefined {
    const targets = layerCalls(file).filter(
      (l) =>
        ['conv2d', 'depthwiseConv2d', 'separableConv2d'].includes(l.name) &&
        stringProperty(l, 'padding') === 'same' &&
        KERNEL_NEXT[numberProperty(l, 'kernelSize') ?? 0],
    );
    const layer = pick(random, targets);
    if (!layer) return undefined;
    const old = numberProperty(layer, 'kernelSize') as number;
    const next = pick(random, KERNEL_NEXT[old]) as number;
    return {
      source: applyEdits(file.source, [replaceValue(layer, 'kernelSize', String(next))]),
      description: `${layerLabel(layer)} kernelSize ${old}→${next}`,
    };
  },
};

/** Swaps a hidden activation for another one tf.layers supports. */
export const activationOperator: Operator = {
  name: 'activation',
  structural: false,
  propose(file: NetFile, { random }: MutationContext): Mutation | undefined {
    const targets = layerCalls(file).filter((l) => HIDDEN_ACTIVATIONS.includes(stringProperty(l, 'activation') ?? ''));
    const layer = pick(random, targets);
    if (!layer) return undefined;
    const old = stringProperty(layer, 'activation') as string;
    const next = pick(
      random,
      HIDDEN_ACTIVATIONS.filter((a) => a !== old),
    ) as string;
    const quote = configProperty(layer, 'activation')?.initializer.getText()[0] ?? "'";
    return {
      source: applyEdits(file.source, [replaceValue(layer, 'activation', `${quote}${next}${quote}`)]),
      description: `${layerLabel(layer)} activation ${old}→${next}`,
    };
  },
};

/** Changes a literal dropout rate within LEMUR's range [0, 0.5]. */
export const dropoutRateOperator: Operator = {
  name: 'dropoutRate',
  structural: false,
  propose(file: NetFile, { random }: MutationContext): Mutation | undefined {
    const layer = pick(
      random,
      layerCalls(file).filter((l) => l.name === 'dropout' && numberProperty(l, 'rate') !== undefined),
    );
    if (!layer) return undefined;
    const old = numberProperty(layer, 'rate') as number;
    const next = pick(
      random,
      DROPOUT_RATES.filter((r) => r !== old),
    ) as number;
    return {
      source: applyEdits(file.source, [replaceValue(layer, 'rate', String(next))]),
      description: `${layerLabel(layer)} rate ${old}→${next}`,
    };
  },
};
