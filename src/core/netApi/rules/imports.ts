/**
 * What a Net may load: static imports and `require` of TF.js packages only, and no `import()`.
 * A forbidden import is removed by its fix only when none of its bindings is used.
 */
import * as ts from 'typescript';
import { removeStatement } from '../edits';
import type { Finding, Fix } from '../finding';
import { allowedModule, allowedPackages } from '../modules';
import { identifiersNamed } from '../netFile';
import type { NetFile } from '../netFile';
import { finding } from '../report';
import type { Rule } from '../report';

const allowedList = allowedPackages.join(', ');

/** Local names a statement binds (import clauses, `import x = require()`, `const x = require()`). */
function boundNames(statement: ts.Statement): ts.Identifier[] {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    const named = clause?.namedBindings;
    const fromNamed = named ? (ts.isNamespaceImport(named) ? [named.name] : named.elements.map((e) => e.name)) : [];
    return [...(clause?.name ? [clause.name] : []), ...fromNamed];
  }
  if (ts.isImportEqualsDeclaration(statement)) return [statement.name];
  if (ts.isVariableStatement(statement))
    return statement.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  return [];
}

/** Every name a (possibly destructuring) binding introduces. */
function bindingNames(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

/** Removing the statement, safe when nothing else refers to what it binds. */
function removalFix(file: NetFile, statement: ts.Statement, what: string): Fix | undefined {
  const used = boundNames(statement).some((id) => identifiersNamed(file, id.text).length > 1);
  if (used) return undefined;
  return { title: `Remove ${what}`, edits: [removeStatement(file, statement)], safe: true };
}

function staticImports(file: NetFile): Finding[] {
  const out: Finding[] = [];
  for (const s of file.sourceFile.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(s) || (ts.isExportDeclaration(s) && s.moduleSpecifier)) specifier = s.moduleSpecifier;
    else if (ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference))
      specifier = s.moduleReference.expression;
    if (!specifier) continue;
    const name = ts.isStringLiteralLike(specifier) ? specifier.text : specifier.getText();
    if (allowedModule(name)) continue;
    const message = `Import of '${name}' is not allowed: a Net may import only ${allowedList}.`;
    out.push(
      finding('forbidden-import', 'error', message, specifier, [removalFix(file, s, `the import of '${name}'`)]),
    );
  }
  return out;
}

/** The statement to drop with a forbidden require: `require('x');` or `const x = require('x');`. */
function requireStatement(call: ts.CallExpression): ts.Statement | undefined {
  const p = call.parent;
  if (ts.isExpressionStatement(p)) return p;
  if (
    ts.isVariableDeclaration(p) &&
    p.initializer === call &&
    ts.isVariableDeclarationList(p.parent) &&
    p.parent.declarations.length === 1
  ) {
    return ts.isVariableStatement(p.parent.parent) ? p.parent.parent : undefined;
  }
  return undefined;
}

function requires(file: NetFile): Finding[] {
  const out: Finding[] = [];
  for (const id of identifiersNamed(file, 'require')) {
    const p = id.parent;
    if (
      (ts.isPropertyAccessExpression(p) && p.name === id) ||
      ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p)) && p.name === id)
    )
      continue;
    if (ts.isCallExpression(p) && p.expression === id) {
      const arg = p.arguments[0];
      const name = arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
      if (name !== undefined && p.arguments.length === 1 && allowedModule(name)) continue;
      const statement = requireStatement(p);
      const fix = name !== undefined && statement ? removalFix(file, statement, `the require of '${name}'`) : undefined;
      const what = name === undefined ? 'require() with a computed module name' : `require('${name}')`;
      out.push(
        finding('forbidden-require', 'error', `${what} is not allowed: a Net may load only ${allowedList}.`, p, [fix]),
      );
    } else {
      out.push(
        finding('forbidden-require', 'error', "'require' may only be called directly with a TF.js package name.", id),
      );
    }
  }
  return out;
}

function dynamicImports(file: NetFile): Finding[] {
  return file.calls
    .filter((c) => c.expression.kind === ts.SyntaxKind.ImportKeyword)
    .map((c) =>
      finding('dynamic-import', 'error', 'import() loads code at run time; a Net may only import TF.js statically.', c),
    );
}

/** `forbidden-import`, `forbidden-require`, `dynamic-import`. */
export const importsRule: Rule = (file) => [...staticImports(file), ...requires(file), ...dynamicImports(file)];
