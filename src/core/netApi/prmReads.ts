/**
 * Keys read from `prm`: any function or method parameter named `prm`, read as `prm.k`,
 * `prm['k']`, `const { k } = prm`, or through a const alias or a field it was stored in
 * (`const p = prm; p.k`, `this.p = prm; this.p.k`).
 * Passing it on to a function of this file whose parameter is also named `prm` is fine (that
 * function's reads are tracked); every other use makes the key set unverifiable and is reported.
 */
import * as ts from 'typescript';
import { identifiersNamed, staticName } from './netFile';
import type { NetFile } from './netFile';

/** The hyperparameter parameter's required name. */
export const prmName = 'prm';

/** One literal read of a key. `node` is the key's own text (name, string or binding). */
export interface PrmRead {
  readonly key: string;
  readonly node: ts.Node;
}

/** A use of prm whose keys cannot be known statically. */
export interface PrmEscape {
  readonly node: ts.Node;
  readonly why: string;
}

/** All reads and escapes in a file. */
export interface PrmUsage {
  readonly reads: readonly PrmRead[];
  readonly escapes: readonly PrmEscape[];
}

const cache = new WeakMap<NetFile, PrmUsage>();

function paramNamed(fn: ts.SignatureDeclaration, name: string): number {
  return fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name);
}

/** True when `id` refers to a parameter named prm of an enclosing function. */
function isBoundPrm(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isParameter(parent) || ts.isTypeQueryNode(parent) || ts.isQualifiedName(parent)) return false;
  if (
    (ts.isPropertyAccessExpression(parent) && parent.name === id) ||
    (ts.isPropertyAssignment(parent) && parent.name === id)
  )
    return false;
  if (
    (ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isBindingElement(parent)) &&
    parent.name === id
  )
    return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  for (let n: ts.Node = parent; !ts.isSourceFile(n); n = n.parent) {
    if (ts.isFunctionLike(n) && paramNamed(n, prmName) >= 0) return true;
  }
  return false;
}

/** The function a call resolves to inside this file: `this.m(...)` in a class, or a top-level `f(...)`. */
function callee(file: NetFile, call: ts.CallExpression): ts.SignatureDeclaration | undefined {
  const target = call.expression;
  if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword) {
    let cls: ts.Node = call;
    while (!ts.isSourceFile(cls) && !ts.isClassLike(cls)) cls = cls.parent;
    if (!ts.isClassLike(cls)) return undefined;
    const member = cls.members.find((m) => staticName(m.name) === target.name.text);
    if (member && ts.isMethodDeclaration(member)) return member;
    if (member && ts.isPropertyDeclaration(member) && member.initializer && ts.isFunctionLike(member.initializer))
      return member.initializer;
    return undefined;
  }
  if (!ts.isIdentifier(target)) return undefined;
  for (const statement of file.sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === target.text) return statement;
    if (ts.isVariableStatement(statement)) {
      const decl = statement.declarationList.declarations.find(
        (d) => ts.isIdentifier(d.name) && d.name.text === target.text,
      );
      if (decl?.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer)))
        return decl.initializer;
    }
  }
  return undefined;
}

/** The constructor `new X(...)` runs, for a class X declared at the top of this file. */
function constructorOf(file: NetFile, call: ts.NewExpression): ts.SignatureDeclaration | undefined {
  const target = call.expression;
  if (!ts.isIdentifier(target)) return undefined;
  const cls = file.sourceFile.statements.find(
    (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === target.text,
  );
  return cls?.members.find(ts.isConstructorDeclaration);
}

interface Collector {
  reads: PrmRead[];
  escapes: PrmEscape[];
  fields: Set<string>;
  /** `const p = prm` aliases, each with the function (or file) it is visible in. */
  locals: { name: ts.Identifier; scope: ts.Node }[];
}

function readBinding(pattern: ts.ObjectBindingPattern, out: Collector): void {
  for (const element of pattern.elements) {
    const key = staticName(element.propertyName ?? element.name);
    if (element.dotDotDotToken) out.escapes.push({ node: element, why: 'a rest element copies every key' });
    else if (key === undefined) out.escapes.push({ node: element.propertyName ?? element, why: 'a computed key' });
    else out.reads.push({ key, node: element.propertyName ?? element.name });
  }
}

/** Classifies one expression that evaluates to the prm object. */
function classify(file: NetFile, expr: ts.Expression, out: Collector): void {
  const parent = expr.parent;
  if (
    ts.isParenthesizedExpression(parent) ||
    ts.isNonNullExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isSatisfiesExpression(parent)
  ) {
    classify(file, parent, out);
  } else if (ts.isPropertyAccessExpression(parent) && parent.expression === expr) {
    out.reads.push({ key: parent.name.text, node: parent.name });
  } else if (ts.isElementAccessExpression(parent) && parent.expression === expr) {
    const arg = parent.argumentExpression;
    if (ts.isStringLiteralLike(arg)) out.reads.push({ key: arg.text, node: arg });
    else out.escapes.push({ node: arg, why: 'a non-literal key' });
  } else if (
    ts.isVariableDeclaration(parent) &&
    parent.initializer === expr &&
    ts.isObjectBindingPattern(parent.name)
  ) {
    readBinding(parent.name, out);
  } else if (
    ts.isVariableDeclaration(parent) &&
    parent.initializer === expr &&
    ts.isIdentifier(parent.name) &&
    isConst(parent)
  ) {
    let scope: ts.Node = parent;
    while (!ts.isSourceFile(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
    out.locals.push({ name: parent.name, scope });
  } else if (
    ts.isBinaryExpression(parent) &&
    parent.right === expr &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    isThisField(parent.left)
  ) {
    out.fields.add(parent.left.name.text);
  } else if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(expr)) {
    const fn = ts.isCallExpression(parent) ? callee(file, parent) : constructorOf(file, parent);
    const index = parent.arguments.indexOf(expr);
    if (!fn || paramNamed(fn, prmName) !== index)
      out.escapes.push({ node: expr, why: 'it is passed to a function whose reads cannot be followed' });
  } else if (!ts.isVoidExpression(parent)) {
    out.escapes.push({ node: expr, why: 'it is used as a whole' });
  }
}

function isConst(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

function isThisField(node: ts.Node): node is ts.PropertyAccessExpression {
  return ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword;
}

/** Every key read from prm in the file, and every use that hides which keys are read. */
export function prmUsage(file: NetFile): PrmUsage {
  const cached = cache.get(file);
  if (cached) return cached;
  const out: Collector = { reads: [], escapes: [], fields: new Set(), locals: [] };
  for (const id of identifiersNamed(file, prmName)) {
    if (isBoundPrm(id)) classify(file, id, out);
  }
  for (let i = 0; i < out.locals.length; i++) {
    const { name, scope } = out.locals[i];
    for (const id of identifiersNamed(file, name.text)) {
      const p = id.parent;
      const isName =
        (ts.isPropertyAccessExpression(p) && p.name === id) ||
        (ts.isPropertyAssignment(p) && p.name === id) ||
        p === name.parent;
      if (!isName && id.pos >= scope.pos && id.end <= scope.end) classify(file, id, out);
    }
  }
  for (const field of out.fields) {
    for (const id of identifiersNamed(file, field)) {
      const access = id.parent;
      if (!isThisField(access) || access.name !== id) continue;
      const assigned =
        ts.isBinaryExpression(access.parent) &&
        access.parent.left === access &&
        access.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      if (!assigned) classify(file, access, out);
    }
  }
  const byPos = (a: { node: ts.Node }, b: { node: ts.Node }): number => a.node.pos - b.node.pos;
  const usage: PrmUsage = { reads: out.reads.sort(byPos), escapes: out.escapes.sort(byPos) };
  cache.set(file, usage);
  return usage;
}
