/**
 * Edits several quick fixes share: declaring keys an inserted body reads, declaring the
 * optimizer/criteria fields a typed Net assigns, and making TF.js's namespace available.
 */
import type * as ts from 'typescript';
import { findMember } from './classModel';
import type { ClassCandidate, ClassModel } from './classModel';
import { declaration } from './declaredKeys';
import { appendElements, prependMember } from './edits';
import type { TextEdit } from './finding';
import type { NetFile } from './netFile';
import { tfBinding, trainFieldLines } from './templates';

/** Adds the keys the literal `supportedHyperparameters` list lacks (none when it is not literal). */
export function declareKeys(file: NetFile, keys: readonly string[]): TextEdit[] {
  const decl = declaration(file);
  if (!decl?.list) return [];
  const have = new Set(decl.keys.map((k) => k.key));
  const missing = [...new Set(keys)].filter((k) => !have.has(k));
  return missing.length === 0 ? [] : [appendElements(file, decl.list, missing)];
}

/** Declares `optimizer` / `criteria` fields on a typed Net that has no such members. */
export function declareTrainFields(
  file: NetFile,
  model: ClassModel,
  net: ClassCandidate,
  tf: string,
  which: { optimizer: boolean; criteria: boolean },
): TextEdit[] {
  if (!file.typed) return [];
  const missing = {
    optimizer: which.optimizer && !findMember(model, net, 'optimizer'),
    criteria: which.criteria && !findMember(model, net, 'criteria'),
  };
  const lines = trainFieldLines(tf, missing);
  return lines.length === 0 ? [] : [prependMember(file, net.node, lines)];
}

/** The TF.js namespace name plus the import edit it needs, or undefined when `tf` is taken by something else. */
export function tfFor(file: NetFile): { name: string; edits: TextEdit[] } | undefined {
  const binding = tfBinding(file);
  return binding && { name: binding.name, edits: binding.edit ? [binding.edit] : [] };
}

/** Sorts a fix's edits by position, keeping the given order among insertions at one offset. */
export function ordered(edits: readonly TextEdit[]): TextEdit[] {
  return edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.range.start - b.e.range.start || a.i - b.i)
    .map(({ e }) => e);
}

/** Whether `node` sits inside `outer`. */
export function within(node: ts.Node, outer: ts.Node): boolean {
  return node.pos >= outer.pos && node.end <= outer.end;
}
