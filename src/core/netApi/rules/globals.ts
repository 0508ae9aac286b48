/**
 * Globals a Net must not touch: the trainer evaluates it with only TF.js in scope, so any use of
 * the process, the file system, the network or dynamic code is a sandbox escape attempt or a
 * crash waiting to happen. Names the file declares itself are its own and not reported.
 */
import * as ts from 'typescript';
import type { Finding } from '../finding';
import { identifiersNamed } from '../netFile';
import type { NetFile } from '../netFile';
import { finding } from '../report';
import type { Rule } from '../report';

/** Globals that give a Net process, file, network or dynamic-code access, with why each is out. */
const forbidden: Readonly<Record<string, string>> = {
  process: 'process access',
  eval: 'dynamic code',
  Function: 'dynamic code',
  fetch: 'network access',
  XMLHttpRequest: 'network access',
  WebSocket: 'network access',
  EventSource: 'network access',
  globalThis: 'the global object',
  global: 'the global object',
  window: 'the global object',
  Deno: 'runtime access',
  Bun: 'runtime access',
  Worker: 'spawning workers',
  importScripts: 'dynamic code',
};

/** Timers keep work alive after learn() returns; a Net has no use for them. */
const timers: readonly string[] = ['setInterval', 'setTimeout', 'setImmediate'];

/** True when the identifier is a property, member or type name rather than a value reference. */
function notAValue(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isTypeNode(p) || ts.isQualifiedName(p)) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  const named =
    ts.isPropertyAssignment(p) ||
    ts.isMethodDeclaration(p) ||
    ts.isPropertyDeclaration(p) ||
    ts.isPropertySignature(p) ||
    ts.isMethodSignature(p) ||
    ts.isGetAccessor(p) ||
    ts.isSetAccessor(p);
  if (named && p.name === id) return true;
  return (ts.isBindingElement(p) || ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && p.propertyName === id;
}

/** True when the file declares this name itself (variable, parameter, function, class, import). */
function declaredLocally(ids: readonly ts.Identifier[]): boolean {
  return ids.some((id) => {
    const p = id.parent;
    const declares =
      ts.isVariableDeclaration(p) ||
      ts.isParameter(p) ||
      ts.isFunctionDeclaration(p) ||
      ts.isClassDeclaration(p) ||
      ts.isBindingElement(p) ||
      ts.isImportClause(p) ||
      ts.isImportSpecifier(p) ||
      ts.isNamespaceImport(p);
    return declares && (p as ts.NamedDeclaration).name === id;
  });
}

function globalUses(file: NetFile): Finding[] {
  const out: Finding[] = [];
  for (const name of [...Object.keys(forbidden), ...timers]) {
    const ids = identifiersNamed(file, name);
    if (ids.length === 0 || declaredLocally(ids)) continue;
    for (const id of ids) {
      if (notAValue(id)) continue;
      const why = forbidden[name];
      if (why)
        out.push(
          finding(
            'forbidden-global',
            'error',
            `'${name}' is not available to a Net (${why}); Nets run with only TF.js in scope.`,
            id,
          ),
        );
      else
        out.push(
          finding(
            'forbidden-global',
            'warning',
            `'${name}' schedules work outside learn(); a Net should not use timers.`,
            id,
          ),
        );
    }
  }
  return out;
}

/** `x.constructor('code')` builds a Function from a string without naming it. */
function constructorCalls(file: NetFile): Finding[] {
  return file.calls
    .filter((c) => {
      const e = c.expression;
      if (ts.isPropertyAccessExpression(e)) return e.name.text === 'constructor';
      return (
        ts.isElementAccessExpression(e) &&
        ts.isStringLiteralLike(e.argumentExpression) &&
        e.argumentExpression.text === 'constructor'
      );
    })
    .map((c) =>
      finding(
        'forbidden-global',
        'error',
        'Calling .constructor builds a function from a string (dynamic code).',
        c.expression,
      ),
    );
}

function importMeta(file: NetFile): Finding[] {
  return file.metaProperties
    .filter((m) => m.keywordToken === ts.SyntaxKind.ImportKeyword)
    .map((m) =>
      finding(
        'forbidden-global',
        'error',
        "import.meta exposes the module's location; a Net has no file of its own.",
        m,
      ),
    );
}

/** `forbidden-global`. */
export const globalsRule: Rule = (file) => [...globalUses(file), ...constructorCalls(file), ...importMeta(file)];
