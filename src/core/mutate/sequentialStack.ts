/**
 * The layer stack of a `tf.sequential` Net, in either style: `tf.sequential({ layers: [...] })`
 * or `const model = tf.sequential(); model.add(...); ...`. Edits insert, copy and remove whole
 * layers in the file's own layout, so a mutated stack reads as if written by hand.
 */
import * as ts from 'typescript';
import type { TextEdit } from '../netApi/finding';
import type { NetFile } from '../netApi/netFile';
import { staticName } from '../netApi/netFile';
import { indentAt, removeElement, removeStatement } from '../netApi/edits';
import type { LayerCall } from './layerCalls';
import { layerCalls, tfName } from './layerCalls';

/** One layer of a stack and the node that holds it (array element or `model.add(...)` statement). */
export interface StackItem {
  readonly layer: LayerCall;
  readonly node: ts.Node;
}

/** A sequential stack. */
export interface SequentialStack {
  readonly kind: 'array' | 'add';
  readonly items: readonly StackItem[];
  /** The `tf.sequential(...)` call. */
  readonly sequentialCall: ts.CallExpression;
  /** The statement that holds the `tf.sequential(...)` call. */
  readonly statement: ts.Statement;
  readonly array?: ts.ArrayLiteralExpression;
  /** For `add` stacks: the text of the receiver (`model`, `this.model`). */
  readonly receiver?: string;
}

function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  let current: ts.Node | undefined = node;
  while (
    current &&
    !(ts.isExpressionStatement(current) || ts.isVariableStatement(current) || ts.isReturnStatement(current))
  )
    current = current.parent;
  return current as ts.Statement | undefined;
}

/** The receiver text a statement `R = tf.sequential()` / `const R = tf.sequential()` assigns to. */
function assignedName(statement: ts.Statement): string | undefined {
  if (ts.isVariableStatement(statement)) {
    const d = statement.declarationList.declarations;
    return d.length === 1 && ts.isIdentifier(d[0].name) ? d[0].name.text : undefined;
  }
  if (
    ts.isExpressionStatement(statement) &&
    ts.isBinaryExpression(statement.expression) &&
    statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    return statement.expression.left.getText();
  }
  return undefined;
}

function addedLayer(
  statement: ts.Statement,
  receiver: string,
  byCall: Map<ts.CallExpression, LayerCall>,
): LayerCall | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return undefined;
  const callee = statement.expression.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'add' || callee.expression.getText() !== receiver)
    return undefined;
  const arg = statement.expression.arguments[0];
  return arg && ts.isCallExpression(arg) ? byCall.get(arg) : undefined;
}

function arrayStack(
  call: ts.CallExpression,
  statement: ts.Statement,
  byCall: Map<ts.CallExpression, LayerCall>,
): SequentialStack | undefined {
  const config = call.arguments[0];
  if (!config || !ts.isObjectLiteralExpression(config)) return undefined;
  const prop = config.properties.find((p) => staticName(p.name) === 'layers');
  if (!prop || !ts.isPropertyAssignment(prop) || !ts.isArrayLiteralExpression(prop.initializer)) return undefined;
  const items: StackItem[] = [];
  for (const element of prop.initializer.elements) {
    const layer = ts.isCallExpression(element) ? byCall.get(element) : undefined;
    if (!layer) return undefined;
    items.push({ layer, node: element });
  }
  return items.length > 0
    ? { kind: 'array', items, sequentialCall: call, statement, array: prop.initializer }
    : undefined;
}

function addStack(
  call: ts.CallExpression,
  statement: ts.Statement,
  byCall: Map<ts.CallExpression, LayerCall>,
): SequentialStack | undefined {
  const receiver = assignedName(statement);
  const block = statement.parent;
  if (!receiver || (!ts.isBlock(block) && !ts.isSourceFile(block))) return undefined;
  const statements = block.statements;
  const items: StackItem[] = [];
  let index = statements.indexOf(statement) + 1;
  for (; index < statements.length; index++) {
    const layer = addedLayer(statements[index], receiver, byCall);
    if (!layer) break;
    items.push({ layer, node: statements[index] });
  }
  // A later, separate `add` would make the stack's order depend on control flow: leave such Nets alone.
  const addsLater = statements.slice(index).some((s) => s.getText().includes(`${receiver}.add(`));
  return items.length > 0 && !addsLater ? { kind: 'add', items, sequentialCall: call, statement, receiver } : undefined;
}

/** The sequential stacks of the file (normally one). */
export function sequentialStacks(file: NetFile): SequentialStack[] {
  const tf = tfName(file);
  const byCall = new Map(layerCalls(file).map((l) => [l.call, l] as const));
  const out: SequentialStack[] = [];
  for (const call of file.calls) {
    const callee = call.expression;
    if (
      !ts.isPropertyAccessExpression(callee) ||
      callee.name.text !== 'sequential' ||
      callee.expression.getText() !== tf
    )
      continue;
    const statement = enclosingStatement(call);
    if (!statement) continue;
    const stack = call.arguments.length > 0 ? arrayStack(call, statement, byCall) : addStack(call, statement, byCall);
    if (stack) out.push(stack);
  }
  return out;
}

/** Inserts layer calls (text) after item `index` of the stack. */
export function insertAfter(
  file: NetFile,
  stack: SequentialStack,
  index: number,
  layerTexts: readonly string[],
): TextEdit {
  const node = stack.items[index].node;
  const indent = indentAt(file.source, node.getStart());
  const nl = file.newline;
  const text =
    stack.kind === 'array'
      ? layerTexts.map((t) => `,${nl}${indent}${t}`).join('')
      : layerTexts.map((t) => `${nl}${indent}${stack.receiver}.add(${t});`).join('');
  return { range: { start: node.end, end: node.end }, newText: text };
}

/** Removes item `index` of the stack. */
export function removeItem(file: NetFile, stack: SequentialStack, index: number): TextEdit {
  if (stack.kind === 'array') return removeElement(stack.array as ts.ArrayLiteralExpression, index);
  return removeStatement(file, stack.items[index].node as ts.Statement);
}
