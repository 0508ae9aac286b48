/**
 * Which class in a Net file is "the Net": the class named (or exported as) `Net`, else the single
 * class, else the one class that looks most like a Net (has the most of its methods).
 */
import * as ts from 'typescript';
import { staticName } from './netFile';
import type { NetFile } from './netFile';

/** How a class leaves the module. */
export type ExportState = 'named' | 'default' | 'none';

/** A top-level class: `class X {}` or `const X = class {}`. */
export interface ClassCandidate {
  readonly name: string;
  readonly nameNode: ts.Identifier;
  readonly node: ts.ClassLikeDeclaration;
  /** The statement an `export` keyword goes on. */
  readonly statement: ts.ClassDeclaration | ts.VariableStatement;
  readonly exported: ExportState;
  /** Names it is exported under through `export { X as Y }` lists or its own modifier. */
  readonly exportedAs: readonly string[];
}

/** The file's classes and the one the Net API applies to. */
export interface ClassModel {
  readonly candidates: readonly ClassCandidate[];
  /** The Net class, or the class that should be renamed to it; undefined when there is none. */
  readonly net: ClassCandidate | undefined;
}

/** The three methods the trainer calls. */
export const netMethods = ['forward', 'trainSetup', 'learn'] as const;

const cache = new WeakMap<NetFile, ClassModel>();

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** Local name → exported names from `export { a, b as c }` lists without a module specifier. */
export function exportLists(file: NetFile): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const statement of file.sourceFile.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause) continue;
    if (!ts.isNamedExports(statement.exportClause)) continue;
    for (const spec of statement.exportClause.elements) {
      const local = (spec.propertyName ?? spec.name).text;
      map.set(local, [...(map.get(local) ?? []), spec.name.text]);
    }
  }
  return map;
}

function candidatesOf(file: NetFile): ClassCandidate[] {
  const lists = exportLists(file);
  const out: ClassCandidate[] = [];
  const add = (name: ts.Identifier, node: ts.ClassLikeDeclaration, statement: ClassCandidate['statement']): void => {
    const own = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    const exportedAs = [...(own && !isDefault ? [name.text] : []), ...(lists.get(name.text) ?? [])];
    const exported: ExportState = exportedAs.length > 0 ? 'named' : own && isDefault ? 'default' : 'none';
    out.push({ name: name.text, nameNode: name, node, statement, exported, exportedAs });
  };
  for (const statement of file.sourceFile.statements) {
    if (ts.isClassDeclaration(statement) && statement.name) add(statement.name, statement, statement);
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (ts.isIdentifier(decl.name) && decl.initializer && ts.isClassExpression(decl.initializer))
          add(decl.name, decl.initializer, statement);
      }
    }
  }
  return out;
}

/** The member named `name` of `cls` or of a class it extends in the same file. */
export function findMember(model: ClassModel, cls: ClassCandidate, name: string): ts.ClassElement | undefined {
  const seen = new Set<ClassCandidate>();
  let current: ClassCandidate | undefined = cls;
  while (current && !seen.has(current)) {
    seen.add(current);
    const member = current.node.members.find(
      (m) => staticName(m.name) === name && !hasModifier(m, ts.SyntaxKind.StaticKeyword),
    );
    if (member) return member;
    const heritage: ts.Expression | undefined = current.node.heritageClauses?.find(
      (h) => h.token === ts.SyntaxKind.ExtendsKeyword,
    )?.types[0]?.expression;
    current =
      heritage && ts.isIdentifier(heritage) ? model.candidates.find((c) => c.name === heritage.text) : undefined;
  }
  return undefined;
}

/** A callable member: a method, or a property initialised with a function. */
export function methodBody(member: ts.ClassElement | undefined): ts.FunctionLikeDeclaration | undefined {
  if (!member) return undefined;
  if (ts.isMethodDeclaration(member)) return member;
  if (
    ts.isPropertyDeclaration(member) &&
    member.initializer &&
    (ts.isArrowFunction(member.initializer) || ts.isFunctionExpression(member.initializer))
  ) {
    return member.initializer;
  }
  return undefined;
}

/** The file's class model, computed once per parsed file. */
export function classModel(file: NetFile): ClassModel {
  const cached = cache.get(file);
  if (cached) return cached;
  const candidates = candidatesOf(file);
  let net = candidates.find((c) => c.exportedAs.includes('Net')) ?? candidates.find((c) => c.name === 'Net');
  if (!net && candidates.length === 1) net = candidates[0];
  if (!net && candidates.length > 1) {
    const partial: ClassModel = { candidates, net: undefined };
    const scored = candidates.map((c) => ({
      c,
      score: netMethods.filter((m) => methodBody(findMember(partial, c, m))).length,
    }));
    const best = Math.max(...scored.map((s) => s.score));
    const top = scored.filter((s) => s.score === best);
    if (best > 0 && top.length === 1) net = top[0].c;
  }
  const model: ClassModel = { candidates, net };
  cache.set(file, model);
  return model;
}
