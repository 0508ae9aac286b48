/**
 * TypeScript-only syntax in a JavaScript Net. The parser accepts it (it parses both languages the
 * same way) and only a type-checking Program would complain, but the trainer loads a .js Net as
 * JavaScript, so an annotation there is a load-time syntax error. Stripping a type is safe and
 * offered as a fix; syntax with run-time meaning (enums, namespaces, parameter properties) is not.
 */
import * as ts from 'typescript';
import { removeStatement } from '../edits';
import type { Finding, Fix, TextRange } from '../finding';
import type { NetFile } from '../netFile';
import { finding } from '../report';
import type { Rule } from '../report';

const memberModifiers = new Set([
  ts.SyntaxKind.PublicKeyword,
  ts.SyntaxKind.PrivateKeyword,
  ts.SyntaxKind.ProtectedKeyword,
  ts.SyntaxKind.ReadonlyKeyword,
  ts.SyntaxKind.AbstractKeyword,
  ts.SyntaxKind.DeclareKeyword,
  ts.SyntaxKind.OverrideKeyword,
]);

/** A fix deleting `range` (plus trailing blanks when `trailingSpace`). */
function strip(file: NetFile, title: string, range: TextRange, trailingSpace = false): Fix {
  let end = range.end;
  while (trailingSpace && (file.source[end] === ' ' || file.source[end] === '\t')) end++;
  return { title, edits: [{ range: { start: range.start, end }, newText: '' }], safe: true };
}

/** The `: Type` of a declaration, from the end of what precedes the colon to the end of the type. */
function annotationRange(node: ts.Node, type: ts.TypeNode): TextRange | undefined {
  const before = ts.isFunctionLike(node)
    ? node.parameters.end + 1
    : (node as ts.NamedDeclaration & { questionToken?: ts.Node; exclamationToken?: ts.Node; name?: ts.Node }).name?.end;
  if (before === undefined || before > type.getStart()) return undefined;
  return { start: before, end: type.end };
}

function report(file: NetFile, node: ts.Node): Finding | undefined {
  const p = node.parent;
  if (!p) return undefined;
  const js = (what: string, at: ts.Node | TextRange, fix?: Fix): Finding =>
    finding('syntax-error', 'error', `${what} can only be used in TypeScript files.`, at, [fix]);
  const assertion = ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isTypeAssertionExpression(p);
  if (ts.isTypeNode(node) && !ts.isTypeNode(p) && !assertion) {
    if (
      ts.isExpressionWithTypeArguments(node) &&
      !node.typeArguments &&
      ts.isHeritageClause(p) &&
      p.token === ts.SyntaxKind.ExtendsKeyword
    )
      return undefined;
    const range = annotationRange(p, node);
    return js('Type annotations', node, range && strip(file, 'Remove the type annotation', range));
  }
  if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) {
    const what = ts.isNonNullExpression(node) ? 'Non-null assertions' : 'Type assertion expressions';
    return js(what, node, strip(file, 'Remove the type assertion', { start: node.expression.end, end: node.end }));
  }
  if (ts.isTypeAssertionExpression(node)) return js('Type assertion expressions', node);
  if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
    const what = ts.isInterfaceDeclaration(node) ? "'interface' declarations" : 'Type aliases';
    return js(what, node.name, { title: `Remove ${node.name.text}`, edits: [removeStatement(file, node)], safe: true });
  }
  if (ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node) || ts.isImportEqualsDeclaration(node))
    return js(`'${ts.SyntaxKind[node.kind]}'`, node.name);
  if (ts.isTypeParameterDeclaration(node)) return js('Type parameters', node);
  if (memberModifiers.has(node.kind)) {
    const fix = ts.isParameter(p)
      ? undefined
      : strip(file, `Remove '${node.getText()}'`, { start: node.getStart(), end: node.end }, true);
    return js(`The '${node.getText()}' modifier`, node, fix);
  }
  if ((ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) && node.exclamationToken) {
    return js(
      'Definite assignment assertions',
      node.exclamationToken,
      strip(file, "Remove the '!'", { start: node.exclamationToken.getStart(), end: node.exclamationToken.end }),
    );
  }
  if ((ts.isParameter(node) || ts.isPropertyDeclaration(node)) && node.questionToken) {
    const mark = node.questionToken;
    return js('Optional markers', mark, strip(file, "Remove the '?'", { start: mark.getStart(), end: mark.end }));
  }
  if (ts.isImportClause(node) && node.isTypeOnly) return js("'import type'", node);
  return undefined;
}

/** `net-api/syntax-error` for TypeScript syntax in .js/.mjs/.cjs/.jsx files. */
export const jsSyntaxRule: Rule = (file) => {
  if (file.typed) return [];
  const out: Finding[] = [];
  const stack: ts.Node[] = [file.sourceFile];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    const found = report(file, node);
    if (found) out.push(found);
    // A reported type, interface or alias is one finding; what is inside it is part of it.
    if (found && (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node))) continue;
    ts.forEachChild(node, (c) => {
      stack.push(c);
    });
  }
  return out;
};
