/**
 * Structural operators on a functional Net (`v = layer.apply(x)` statements). Each keeps the
 * shape of the tensor it touches, so residual adds and later layers still fit: normalisation or
 * dropout after a layer, a copy of a shape-keeping layer, removal of a shape-neutral layer, a
 * residual connection with a 1×1 projection, and an inlined block from the snippet library.
 * A sequential Net is first rewritten as a functional one when an operator needs named tensors.
 */
import * as ts from 'typescript';
import type { NetFile } from '../../netApi/netFile';
import { parseNetFile } from '../../netApi/netFile';
import { applyEdits } from '../../netApi/applyFixes';
import type { LayerCall } from '../layerCalls';
import {
  callTextWithout,
  keepsSpatialSize,
  layerCalls,
  layerLabel,
  numberProperty,
  SPATIAL_LAYERS,
  tfName,
} from '../layerCalls';
import type { ApplySite } from '../applySites';
import { applySites, editsAroundSite, freshName, tensorCast } from '../applySites';
import type { Mutation, MutationContext, Operator } from '../operator';
import { pick } from '../operator';
import { sequentialStacks } from '../sequentialStack';
import { toFunctionalEdits } from '../toFunctional';
import { blockInsertion } from './blockInsertion';

type SiteChange = (file: NetFile, site: ApplySite, context: MutationContext) => Mutation | undefined;

/** The dense layer producing the logits (the file's last dense); nothing goes after it. */
function isLogits(file: NetFile, layer: LayerCall): boolean {
  const dense = layerCalls(file).filter((l) => l.name === 'dense');
  return layer.name === 'dense' && dense[dense.length - 1]?.call === layer.call;
}

/** True for a site inside an inlined snippet block: its gates and branches are the block's design, not the Net's trunk. */
function insideBlock(site: ApplySite, context: MutationContext): boolean {
  let node: ts.Node = site.statement;
  while (node.parent && !ts.isSourceFile(node.parent)) node = node.parent;
  const name =
    (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name ? node.name.text : undefined;
  return name !== undefined && context.blocks.some((b) => b.declarations.some((d) => d.name === name));
}

/**
 * Runs `change` on a random site that `accepts`; a sequential Net with no site is rewritten as a
 * functional one first, and the rewrite is part of the description.
 */
function onSite(
  file: NetFile,
  context: MutationContext,
  accepts: (file: NetFile, site: ApplySite) => boolean,
  change: SiteChange,
): Mutation | undefined {
  let target = file;
  let prefix = '';
  if (applySites(file).length === 0) {
    const stack = sequentialStacks(file)[0];
    const edits = stack && toFunctionalEdits(file, stack);
    if (!edits) return undefined;
    target = parseNetFile(applyEdits(file.source, edits), file.fileName);
    prefix = 'rewrote tf.sequential as a functional model; ';
  }
  const site = pick(
    context.random,
    applySites(target).filter((s) => !insideBlock(s, context) && accepts(target, s)),
  );
  const result = site && change(target, site, context);
  return result && { ...result, description: prefix + result.description };
}

function siteOperator(
  name: string,
  accepts: (file: NetFile, site: ApplySite) => boolean,
  change: SiteChange,
): Operator {
  return { name, structural: true, propose: (file, context) => onSite(file, context, accepts, change) };
}

/** Batch normalisation or dropout after a hidden layer. */
export const insertAfterSiteOperator = siteOperator(
  'insertLayerFunctional',
  (file, site) => !isLogits(file, site.layer),
  (file, site, { random }) => {
    const tf = tfName(file);
    const rate = pick(random, [0.1, 0.2, 0.25, 0.3]);
    const layer = pick(random, [
      `${tf}.layers.batchNormalization()`,
      `${tf}.layers.dropout({ rate: ${rate} })`,
    ]) as string;
    const v = site.variable;
    const edits = editsAroundSite(file, site, [`${v} = ${layer}.apply(${v})${tensorCast(file, tf)};`]);
    return {
      source: applyEdits(file.source, edits),
      description: `inserted ${layer.replace(`${tf}.layers.`, '')} after ${layerLabel(site.layer)}`,
    };
  },
);

function copyableSite(file: NetFile, site: ApplySite): boolean {
  const layer = site.layer;
  if (['conv2d', 'separableConv2d'].includes(layer.name)) return keepsSpatialSize(layer);
  if (layer.name === 'depthwiseConv2d')
    return keepsSpatialSize(layer) && (numberProperty(layer, 'depthMultiplier') ?? 1) === 1;
  return layer.name === 'dense' && !isLogits(file, layer);
}

/** A second copy of a shape-keeping layer applied to its own output. */
export const duplicateSiteOperator = siteOperator('duplicateLayerFunctional', copyableSite, (file, site) => {
  const v = site.variable;
  const copy = callTextWithout(site.layer, 'inputShape');
  const edits = editsAroundSite(file, site, [`${v} = ${copy}.apply(${v})${tensorCast(file, tfName(file))};`]);
  return { source: applyEdits(file.source, edits), description: `duplicated ${layerLabel(site.layer)}` };
});

const NEUTRAL = new Set(['batchNormalization', 'dropout', 'activation', 'reLU', 'leakyReLU', 'elu', 'softmax']);

/** Removes a shape-neutral layer (normalisation, dropout, activation) that reads no hyperparameter. */
export const removeSiteOperator = siteOperator(
  'removeLayerFunctional',
  (_file, site) =>
    NEUTRAL.has(site.layer.name) && ts.isIdentifier(site.input) && !/\bprm\b/.test(site.layer.call.getText()),
  (file, site) => {
    const input = (site.input as ts.Identifier).text;
    const statement = site.statement;
    let newText = '';
    if (input !== site.variable)
      newText =
        site.declaration === 'assignment'
          ? `${site.variable} = ${input};`
          : `${site.declaration} ${site.variable} = ${input};`;
    const edit = newText
      ? { range: { start: statement.getStart(), end: statement.end }, newText }
      : { range: { start: statement.getFullStart(), end: statement.end }, newText: '' };
    return { source: applyEdits(file.source, [edit]), description: `removed ${layerLabel(site.layer)}` };
  },
);

/** Residual connections go around a shape-keeping conv or a hidden dense with a literal width. */
function residualTarget(file: NetFile, site: ApplySite): boolean {
  if (!ts.isIdentifier(site.input)) return false;
  if (site.layer.name === 'conv2d')
    return keepsSpatialSize(site.layer) && numberProperty(site.layer, 'filters') !== undefined;
  return (
    site.layer.name === 'dense' && !isLogits(file, site.layer) && numberProperty(site.layer, 'units') !== undefined
  );
}

/** Adds `v = add([v, projection(input)])`; the 1×1 projection makes the widths match whatever the input's. */
export const residualOperator = siteOperator('residual', residualTarget, (file, site) => {
  const tf = tfName(file);
  const cast = tensorCast(file, tf);
  const v = site.variable;
  let skip = (site.input as ts.Identifier).text;
  const before: string[] = [];
  if (skip === v) {
    skip = freshName(file, 'shortcut');
    before.push(`const ${skip} = ${v};`);
  }
  const projection =
    site.layer.name === 'conv2d'
      ? `${tf}.layers.conv2d({ filters: ${numberProperty(site.layer, 'filters')}, kernelSize: 1, padding: 'same' })`
      : `${tf}.layers.dense({ units: ${numberProperty(site.layer, 'units')} })`;
  const line = `${v} = ${tf}.layers.add().apply([${v}, ${projection}.apply(${skip})${cast}])${cast};`;
  return {
    source: applyEdits(file.source, editsAroundSite(file, site, [line], before)),
    description: `residual connection around ${layerLabel(site.layer)}`,
  };
});

/** Inlines a retrieved block (SE, CBAM, ResNet, …) after a layer whose output is an image. */
export const insertBlockOperator = siteOperator(
  'insertBlock',
  (_file, site) => SPATIAL_LAYERS.has(site.layer.name),
  (file, site, context) => blockInsertion(file, site, context),
);
