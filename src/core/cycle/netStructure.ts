/**
 * The structure of a Net as the search sees it: how many weight layers it stacks (its depth),
 * its architecture family, and a one-line summary of its layers. The archive places a Net by
 * these, and a prompt shows an inspiration by its summary when its code does not fit.
 */
import { layerCalls } from '../mutate/layerCalls';
import { parseNetFile } from '../netApi/netFile';
import { detectFamily } from '../retrieve/detectFamily';

/** Layers with trainable weights: their count is the Net's depth. */
const WEIGHT_LAYERS: ReadonlySet<string> = new Set([
  'conv1d',
  'conv2d',
  'conv2dTranspose',
  'depthwiseConv2d',
  'separableConv2d',
  'dense',
  'simpleRNN',
  'lstm',
  'gru',
  'embedding',
]);

/** What the search reads from a Net's code. */
export interface NetStructure {
  /** Weight layers written in the code (a layer built in a loop counts once). */
  readonly depth: number;
  /** detectFamily's name, or 'other'. */
  readonly family: string;
  /** e.g. "conv2d×4, batchNormalization×4, maxPooling2d×2, dense×2". */
  readonly summary: string;
}

/** Reads the structure; code that does not parse gets depth 0 and an empty summary. */
export function netStructure(code: string, fileName = 'net.ts'): NetStructure {
  const family = detectFamily(code) ?? 'other';
  let names: string[];
  try {
    names = layerCalls(parseNetFile(code, fileName)).map((l) => l.name);
  } catch {
    return { depth: 0, family, summary: '' };
  }
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  const depth = names.filter((n) => WEIGHT_LAYERS.has(n)).length;
  const summary = [...counts].map(([name, n]) => (n > 1 ? `${name}×${n}` : name)).join(', ');
  return { depth, family, summary };
}
