/**
 * Rewrites a `tf.sequential` stack as a functional model (`tf.input` → `layer.apply(x)` → …
 * → `tf.model`). Blocks from the snippet library and residual connections need named tensors,
 * which a sequential stack does not have; after this rewrite the functional mutations apply.
 */
import * as ts from 'typescript';
import type { TextEdit } from '../netApi/finding';
import type { NetFile } from '../netApi/netFile';
import { indentAt, removeStatement } from '../netApi/edits';
import { callTextWithout, configProperty, tfName } from './layerCalls';
import { tensorCast } from './applySites';
import type { SequentialStack } from './sequentialStack';

/** Names used in the enclosing function, so the new `input` / `x` variables do not clash. */
function namesInScope(node: ts.Node): Set<string> {
  let scope: ts.Node = node;
  while (scope.parent && !ts.isFunctionLike(scope)) scope = scope.parent;
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) names.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return names;
}

function unused(names: Set<string>, base: string): string {
  if (!names.has(base)) return base;
  for (let i = 1; ; i++) if (!names.has(`${base}${i}`)) return `${base}${i}`;
}

/** The edits that turn the stack into a functional model, or undefined when it cannot be done safely. */
export function toFunctionalEdits(file: NetFile, stack: SequentialStack): TextEdit[] | undefined {
  const first = stack.items[0].layer;
  const shape = configProperty(first, 'inputShape')?.initializer;
  if (!shape) return undefined;
  const tf = tfName(file);
  const cast = tensorCast(file, tf);
  const names = namesInScope(stack.statement);
  const input = unused(names, 'input');
  const x = unused(names, 'x');
  const lines = [`const ${input} = ${tf}.input({ shape: ${shape.getText()} });`];
  stack.items.forEach((item, i) => {
    const layerText = i === 0 ? callTextWithout(first, 'inputShape') : item.layer.call.getText();
    lines.push(i === 0 ? `let ${x} = ${layerText}.apply(${input})${cast};` : `${x} = ${layerText}.apply(${x})${cast};`);
  });
  const modelCall = `${tf}.model({ inputs: ${input}, outputs: ${x} })`;
  const call = stack.sequentialCall;
  const statementText = stack.statement.getText();
  const callOffset = call.getStart() - stack.statement.getStart();
  const finalStatement =
    statementText.slice(0, callOffset) + modelCall + statementText.slice(call.end - stack.statement.getStart());
  const nl = file.newline;
  const edits: TextEdit[] = [];
  if (stack.kind === 'array') {
    const indent = indentAt(file.source, stack.statement.getStart());
    edits.push({
      range: { start: stack.statement.getStart(), end: stack.statement.end },
      newText: [...lines, finalStatement].join(nl + indent),
    });
  } else {
    const firstAdd = stack.items[0].node;
    const lastAdd = stack.items[stack.items.length - 1].node;
    const indent = indentAt(file.source, firstAdd.getStart());
    edits.push(removeStatement(file, stack.statement));
    edits.push({
      range: { start: firstAdd.getStart(), end: lastAdd.end },
      newText: [...lines, finalStatement].join(nl + indent),
    });
  }
  edits.push(...sequentialTypeEdits(file, tf));
  return edits;
}

/** `tf.Sequential` type annotations become `tf.LayersModel`, the type `tf.model` returns. */
function sequentialTypeEdits(file: NetFile, tf: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTypeReferenceNode(node) && node.typeName.getText() === `${tf}.Sequential`) {
      edits.push({ range: { start: node.typeName.getStart(), end: node.typeName.end }, newText: `${tf}.LayersModel` });
    }
    ts.forEachChild(node, visit);
  };
  visit(file.sourceFile);
  return edits;
}
