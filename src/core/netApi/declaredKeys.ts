/**
 * The module's `supportedHyperparameters` declaration: where it is, whether it is exported, and
 * the literal key list it returns (the only form the checker, tuner and generator can read).
 */
import * as ts from 'typescript';
import { exportLists } from './classModel';
import type { NetFile } from './netFile';

/** The exported function's required name. */
export const declarationName = 'supportedHyperparameters';

/** One string element of the returned list. */
export interface DeclaredKey {
  readonly key: string;
  readonly node: ts.StringLiteralLike;
}

/** What the file declares; `list` is set only when the function returns a literal array of strings. */
export interface Declaration {
  readonly nameNode: ts.Identifier;
  readonly statement: ts.FunctionDeclaration | ts.VariableStatement;
  /** The function itself (the statement, or the arrow / function expression a const holds). */
  readonly fn: ts.FunctionLikeDeclaration;
  readonly exported: boolean;
  readonly list: ts.ArrayLiteralExpression | undefined;
  readonly keys: readonly DeclaredKey[];
  /** The expression or body that keeps the list from being literal. */
  readonly notLiteral: ts.Node | undefined;
}

const cache = new WeakMap<NetFile, Declaration | null>();

function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isTypeAssertionExpression(e)
  )
    e = e.expression;
  return e;
}

/** The expression the function returns when its body is a single return (or an arrow's expression body). */
function returned(fn: ts.FunctionLikeDeclaration): { expr?: ts.Expression; at: ts.Node } {
  const body = fn.body;
  if (!body) return { at: fn };
  if (!ts.isBlock(body)) return { expr: body, at: body };
  const [only] = body.statements;
  if (body.statements.length === 1 && ts.isReturnStatement(only) && only.expression)
    return { expr: only.expression, at: only.expression };
  return { at: body.statements.find(ts.isReturnStatement)?.expression ?? body };
}

function analyse(
  fn: ts.FunctionLikeDeclaration,
  nameNode: ts.Identifier,
  statement: Declaration['statement'],
  exported: boolean,
): Declaration {
  const { expr, at } = returned(fn);
  const list = expr ? unwrap(expr) : undefined;
  if (!list || !ts.isArrayLiteralExpression(list) || !list.elements.every(ts.isStringLiteralLike)) {
    return { nameNode, statement, fn, exported, list: undefined, keys: [], notLiteral: at };
  }
  const keys = list.elements.map((node) => ({
    key: (node as ts.StringLiteralLike).text,
    node: node as ts.StringLiteralLike,
  }));
  return { nameNode, statement, fn, exported, list, keys, notLiteral: undefined };
}

function isExported(statement: ts.Statement, name: string, lists: Map<string, string[]>): boolean {
  const own =
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return own || (lists.get(name) ?? []).includes(declarationName);
}

/** The file's `supportedHyperparameters`, or undefined when it has none. */
export function declaration(file: NetFile): Declaration | undefined {
  const cached = cache.get(file);
  if (cached !== undefined) return cached ?? undefined;
  const lists = exportLists(file);
  let found: Declaration | undefined;
  for (const statement of file.sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === declarationName) {
      found = analyse(statement, statement.name, statement, isExported(statement, declarationName, lists));
    } else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const init = decl.initializer ? unwrap(decl.initializer) : undefined;
        if (!ts.isIdentifier(decl.name) || decl.name.text !== declarationName || !init) continue;
        if (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
          found = analyse(init, decl.name, statement, isExported(statement, declarationName, lists));
      }
    }
    if (found) break;
  }
  cache.set(file, found ?? null);
  return found;
}
