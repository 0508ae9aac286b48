/**
 * The statements of a functional Net that apply one layer to a tensor variable:
 * `const y = tf.layers.conv2d({...}).apply(x) as tf.SymbolicTensor;` or `x = ....apply(x);`.
 * Functional mutations add statements after such a site (`y = block(y);`), which keeps the code
 * readable and leaves every later use of `y` intact.
 */
import * as ts from 'typescript';
import type { TextEdit } from '../netApi/finding';
import type { NetFile } from '../netApi/netFile';
import { indentAt } from '../netApi/edits';
import type { LayerCall } from './layerCalls';
import { layerCalls } from './layerCalls';

/** One `v = layer.apply(input)` statement. */
export interface ApplySite {
  readonly statement: ts.VariableStatement | ts.ExpressionStatement;
  /** The variable the output goes to. */
  readonly variable: string;
  readonly layer: LayerCall;
  /** The argument of `.apply(...)`. */
  readonly input: ts.Expression;
  /** `const` declarations must become `let` before the variable is reassigned. */
  readonly declaration: 'const' | 'let' | 'assignment';
}

function unwrap(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (
    ts.isAsExpression(e) ||
    ts.isParenthesizedExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isTypeAssertionExpression(e)
  )
    e = e.expression;
  return e;
}

function appliedLayer(
  expression: ts.Expression,
  byCall: Map<ts.CallExpression, LayerCall>,
): { layer: LayerCall; input: ts.Expression } | undefined {
  const call = unwrap(expression);
  if (!ts.isCallExpression(call) || call.arguments.length < 1) return undefined;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'apply' || !ts.isCallExpression(callee.expression))
    return undefined;
  const layer = byCall.get(callee.expression);
  return layer ? { layer, input: call.arguments[0] } : undefined;
}

function siteOf(statement: ts.Statement, byCall: Map<ts.CallExpression, LayerCall>): ApplySite | undefined {
  if (ts.isVariableStatement(statement)) {
    const list = statement.declarationList;
    const [decl] = list.declarations;
    if (list.declarations.length !== 1 || !ts.isIdentifier(decl.name) || !decl.initializer) return undefined;
    const applied = appliedLayer(decl.initializer, byCall);
    const kind = list.flags & ts.NodeFlags.Const ? 'const' : list.flags & ts.NodeFlags.Let ? 'let' : undefined;
    return applied && kind ? { statement, variable: decl.name.text, declaration: kind, ...applied } : undefined;
  }
  if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)) {
    const { left, operatorToken, right } = statement.expression;
    if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(left)) return undefined;
    const applied = appliedLayer(right, byCall);
    return applied ? { statement, variable: left.text, declaration: 'assignment', ...applied } : undefined;
  }
  return undefined;
}

/** Every apply site of the file, in source order. */
export function applySites(file: NetFile): ApplySite[] {
  const byCall = new Map(layerCalls(file).map((l) => [l.call, l] as const));
  const out: ApplySite[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isBlock(node)) {
      for (const s of node.statements) {
        const site = siteOf(s, byCall);
        if (site) out.push(site);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file.sourceFile);
  return out;
}

/** ` as tf.SymbolicTensor` in TypeScript, nothing in JavaScript. */
export function tensorCast(file: NetFile, tf: string): string {
  return file.typed ? ` as ${tf}.SymbolicTensor` : '';
}

/**
 * Edits that add `lines` (whole statements, unindented) after the site and make its variable
 * reassignable. `before` lines go in front of the site.
 */
export function editsAroundSite(
  file: NetFile,
  site: ApplySite,
  after: readonly string[],
  before: readonly string[] = [],
): TextEdit[] {
  const indent = indentAt(file.source, site.statement.getStart());
  const nl = file.newline;
  const edits: TextEdit[] = [];
  if (before.length > 0) {
    const at = site.statement.getStart();
    edits.push({ range: { start: at, end: at }, newText: before.map((l) => `${l}${nl}${indent}`).join('') });
  }
  if (after.length > 0 && site.declaration === 'const') {
    const keyword = site.statement.getStart();
    edits.push({ range: { start: keyword, end: keyword + 'const'.length }, newText: 'let' });
  }
  const end = site.statement.end;
  if (after.length > 0)
    edits.push({ range: { start: end, end }, newText: after.map((l) => `${nl}${indent}${l}`).join('') });
  return edits;
}

/** An identifier `base`, `base1`, `base2`… that the file does not use yet. */
export function freshName(file: NetFile, base: string): string {
  if (!file.identifiers.has(base)) return base;
  for (let i = 1; ; i++) if (!file.identifiers.has(`${base}${i}`)) return `${base}${i}`;
}
