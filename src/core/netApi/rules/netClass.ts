/**
 * The Net class itself: it exists, is named `Net`, is exported by that name, and its constructor
 * takes the contract's four parameters (inShape, outShape, prm, device).
 */
import * as ts from 'typescript';
import { classModel } from '../classModel';
import type { ClassCandidate } from '../classModel';
import { appendMember, indentLines, memberIndent } from '../edits';
import type { Finding, Fix, TextEdit } from '../finding';
import { identifiersNamed } from '../netFile';
import type { NetFile } from '../netFile';
import { finding } from '../report';
import type { Rule } from '../report';
import { constructorParam, constructorParams } from '../templates';

/** Identifiers that name the binding (not a property or member that happens to share the name). */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if (
    (ts.isPropertyAssignment(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isPropertySignature(p) ||
      ts.isMethodSignature(p)) &&
    p.name === id
  )
    return false;
  if ((ts.isBindingElement(p) || ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && p.propertyName === id)
    return false;
  return !(ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p));
}

function renameFix(file: NetFile, net: ClassCandidate): Fix {
  const edits: TextEdit[] = identifiersNamed(file, net.name)
    .filter(isReference)
    .map((id) => ({
      range: { start: id.getStart(), end: id.end },
      newText: ts.isShorthandPropertyAssignment(id.parent) ? `${net.name}: Net` : 'Net',
    }));
  return { title: `Rename class '${net.name}' to 'Net'`, edits, safe: identifiersNamed(file, 'Net').length === 0 };
}

function exportFix(net: ClassCandidate): Fix {
  const modifiers = ts.getModifiers(net.statement) ?? [];
  const defaultKeyword = modifiers.find((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  if (defaultKeyword) {
    const end =
      defaultKeyword.end +
      (net.statement.getSourceFile().text.slice(defaultKeyword.end).match(/^\s*/)?.[0].length ?? 0);
    return {
      title: "Export 'Net' by name instead of as default",
      edits: [{ range: { start: defaultKeyword.getStart(), end }, newText: '' }],
      safe: true,
    };
  }
  const keyword =
    modifiers[0] ?? net.statement.getChildren().find((c) => c.kind === ts.SyntaxKind.ClassKeyword) ?? net.statement;
  const at = keyword.getStart();
  return {
    title: `Export class '${net.name}'`,
    edits: [{ range: { start: at, end: at }, newText: 'export ' }],
    safe: true,
  };
}

function constructorFix(
  file: NetFile,
  net: ClassCandidate,
  ctor: ts.ConstructorDeclaration | undefined,
): Fix | undefined {
  if (!ctor) {
    const params = constructorParams.map((p) => constructorParam(file.typed, p)).join(', ');
    const lines = [
      `constructor(${params}) {`,
      '  // The Net API passes the data shapes, prm and the backend name; this Net builds its layers elsewhere.',
      '}',
    ];
    const firstMethod = net.node.members.find((m) => !ts.isPropertyDeclaration(m));
    const title = 'Add the Net API constructor';
    if (!firstMethod) return { title, edits: [appendMember(file, net.node, lines)], safe: true };
    const at = firstMethod.getFullStart();
    const text = indentLines(file, lines, memberIndent(file, net.node));
    const gap = firstMethod === net.node.members[0] ? '' : file.newline;
    return { title, edits: [{ range: { start: at, end: at }, newText: `${file.newline}${gap}${text}` }], safe: true };
  }
  const count = ctor.parameters.length;
  if (count >= constructorParams.length || ctor.parameters.some((p) => p.dotDotDotToken)) return undefined;
  const added = constructorParams.slice(count);
  const body = ctor.body;
  const shadows = added.some((name) =>
    identifiersNamed(file, name).some((id) => body && id.pos >= body.pos && id.end <= body.end),
  );
  const text = added.map((p) => constructorParam(file.typed, p)).join(', ');
  const at = ctor.parameters.end;
  const lead = count === 0 ? '' : ctor.parameters.hasTrailingComma ? ' ' : ', ';
  return {
    title: `Add constructor parameters ${added.join(', ')}`,
    edits: [{ range: { start: at, end: at }, newText: lead + text }],
    safe: !shadows,
  };
}

function arityFinding(file: NetFile, net: ClassCandidate): Finding | undefined {
  const ctor = net.node.members.find(ts.isConstructorDeclaration);
  if (!ctor && net.node.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword)) return undefined;
  const count = ctor?.parameters.length ?? 0;
  if (ctor && count === constructorParams.length && !ctor.parameters.some((p) => p.dotDotDotToken)) return undefined;
  const message = ctor
    ? `The Net constructor takes ${count} parameter${count === 1 ? '' : 's'}; the Net API calls it as (inShape, outShape, prm, device).`
    : 'Net has no constructor; the Net API calls it as new Net(inShape, outShape, prm, device).';
  const at = ctor
    ? (ctor.getChildren().find((c) => c.kind === ts.SyntaxKind.ConstructorKeyword) ?? ctor)
    : net.nameNode;
  return finding('constructor-arity', 'error', message, at, [constructorFix(file, net, ctor)]);
}

/** `missing-net-class`, `class-not-named-net`, `net-not-exported`, `constructor-arity`. */
export const netClassRule: Rule = (file) => {
  const { net, candidates } = classModel(file);
  if (!net) {
    const message =
      candidates.length === 0
        ? 'No class found: a Net file must export a class named Net.'
        : `No class named Net, and none of ${candidates.map((c) => `'${c.name}'`).join(', ')} is clearly the Net.`;
    return [finding('missing-net-class', 'error', message, candidates[0]?.nameNode ?? { start: 0, end: 0 })];
  }
  const out: Finding[] = [];
  const namedNet = net.name === 'Net' || net.exportedAs.includes('Net');
  if (!namedNet)
    out.push(
      finding('class-not-named-net', 'error', `The Net class must be named 'Net', not '${net.name}'.`, net.nameNode, [
        renameFix(file, net),
      ]),
    );
  if (net.exported !== 'named') {
    const how = net.exported === 'default' ? 'is a default export; the trainer imports it by name' : 'is not exported';
    out.push(finding('net-not-exported', 'error', `Class '${net.name}' ${how}.`, net.nameNode, [exportFix(net)]));
  }
  const arity = arityFinding(file, net);
  if (arity) out.push(arity);
  return out;
};
