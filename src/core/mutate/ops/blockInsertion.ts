/**
 * Inlines a snippet block into a functional Net: its declarations go above the Net class (once;
 * a second insertion of the same block reuses them) and `v = block(v, channels…)` follows the
 * chosen layer. Channel-count parameters get the tensor's own channel count, read from its shape
 * at build time, so the block keeps the shape even after a later width change; a block not
 * documented as shape-keeping is followed by a 1×1 projection back to that channel count.
 */
import * as ts from 'typescript';
import type { TextEdit } from '../../netApi/finding';
import type { NetFile } from '../../netApi/netFile';
import { applyEdits } from '../../netApi/applyFixes';
import { layerLabel, tfName } from '../layerCalls';
import type { ApplySite } from '../applySites';
import { editsAroundSite, tensorCast } from '../applySites';
import type { Mutation, MutationContext } from '../operator';
import { pick } from '../operator';
import type { InlineBlock } from '../snippetBlock';
import { toJavaScript } from '../snippetBlock';

/** The top-level statement holding the Net class (declarations are inserted before it). */
function netClassStatement(file: NetFile): ts.Statement | undefined {
  return file.sourceFile.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === 'Net');
}

function declarationText(file: NetFile, text: string): string {
  return file.typed ? text : toJavaScript(text);
}

/**
 * The edit that adds the block's declarations, '' when they are all present already, or
 * undefined when one of its names is taken by something else.
 */
function declarationEdit(file: NetFile, block: InlineBlock): TextEdit | '' | undefined {
  const missing: string[] = [];
  for (const d of block.declarations) {
    const text = declarationText(file, d.text);
    if (file.source.includes(text)) continue;
    if (d.name && file.identifiers.has(d.name)) return undefined;
    missing.push(text);
  }
  if (missing.length === 0) return '';
  const anchor = netClassStatement(file);
  if (!anchor) return undefined;
  const nl = file.newline;
  const at = anchor.getFullStart();
  return { range: { start: at, end: at }, newText: `${nl}${missing.join(nl + nl)}${nl}` };
}

function callText(file: NetFile, block: InlineBlock, v: string): string {
  const channels = file.typed ? `${v}.shape[${v}.shape.length - 1] as number` : `${v}.shape[${v}.shape.length - 1]`;
  const args = block.args.map((a) => (a.kind === 'channels' ? channels : a.kind === 'literal' ? a.text : 'undefined'));
  const call = `${block.entry}(${[v, ...args].join(', ')})`;
  if (block.keepsShape) return call;
  // The projection's config is evaluated before the block runs, so it reads the old channel count.
  const tf = tfName(file);
  return `${tf}.layers.conv2d({ filters: ${channels}, kernelSize: 1, padding: 'same' }).apply(${call})${tensorCast(file, tf)}`;
}

/** Inserts a random usable block after `site`, or undefined when no block fits this Net. */
export function blockInsertion(
  file: NetFile,
  site: ApplySite,
  { random, blocks }: MutationContext,
): Mutation | undefined {
  const tf = tfName(file);
  const usable = blocks.filter((b) => b.tf === tf);
  const block = pick(random, usable);
  if (!block) return undefined;
  const declarations = declarationEdit(file, block);
  if (declarations === undefined) return undefined;
  const edits = editsAroundSite(file, site, [`${site.variable} = ${callText(file, block, site.variable)};`]);
  if (declarations) edits.unshift(declarations);
  return {
    source: applyEdits(file.source, edits),
    description: `inserted ${block.entry} (${block.family}) after ${layerLabel(site.layer)}`,
    snippetId: block.id,
  };
}
