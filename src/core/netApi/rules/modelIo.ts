/**
 * No model I/O: TF.js's `io` namespace (http, browserFiles, withSaveHandler, copyModel, …) and
 * `model.save(…)` move a model's weights to or from files, the network or browser storage. A Net
 * trains from scratch and keeps nothing outside the trainer, so this is flagged like `fetch`; the
 * trainer's sandbox refuses it at run time as well. Loading a model by URL (`tf.loadLayersModel`)
 * is `pretrained-weights`.
 */
import * as ts from 'typescript';
import type { Finding } from '../finding';
import { allowedModule } from '../modules';
import type { NetFile } from '../netFile';
import { finding } from '../report';
import type { Rule } from '../report';

/** `require('<a TF.js package>')`. */
function isTfRequire(node: ts.Expression): boolean {
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require' &&
    node.arguments.length === 1 &&
    ts.isStringLiteralLike(node.arguments[0]) &&
    allowedModule(node.arguments[0].text)
  );
}

/** Names bound to the TF.js module: `tf` always, plus namespace, default and `require` bindings. */
function tfBindings(file: NetFile): Set<string> {
  const names = new Set(['tf']);
  for (const s of file.sourceFile.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || !allowedModule(s.moduleSpecifier.text))
      continue;
    const clause = s.importClause;
    if (clause?.name) names.add(clause.name.text);
    if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings)) names.add(clause.namedBindings.name.text);
  }
  for (const call of file.calls) {
    const decl = call.parent;
    if (isTfRequire(call) && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) names.add(decl.name.text);
  }
  return names;
}

/** Whether `node` is the TF.js module: a TF binding, or `require('@tensorflow/…')` itself. */
function isTfModule(node: ts.Expression, tf: ReadonlySet<string>): boolean {
  return (ts.isIdentifier(node) && tf.has(node.text)) || isTfRequire(node);
}

/** The member chain worth showing: `tf.io.http` rather than `tf.io` when a member of it is used. */
function widened(node: ts.Expression): ts.Expression {
  const p = node.parent;
  return (ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === node ? p : node;
}

const ioMessage = (text: string) =>
  `${text} is TF.js's model I/O (files, network, browser storage); a Net may not save or load models or weights.`;

/** `tf.io`, `tf['io']`, `import { io }` and `const { io } = tf`. */
function ioUses(file: NetFile, tf: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  for (const id of file.identifiers.get('io') ?? []) {
    const p = id.parent;
    if (ts.isPropertyAccessExpression(p) && p.name === id && isTfModule(p.expression, tf)) {
      const shown = widened(p);
      out.push(finding('model-io', 'error', ioMessage(shown.getText()), shown));
    } else if (ts.isImportSpecifier(p) && (p.propertyName ?? p.name) === id) {
      const from = p.parent.parent.parent.moduleSpecifier;
      if (ts.isStringLiteral(from) && allowedModule(from.text))
        out.push(finding('model-io', 'error', ioMessage(`import { ${p.getText()} }`), p));
    } else if (ts.isBindingElement(p) && (p.propertyName ?? p.name) === id && ts.isObjectBindingPattern(p.parent)) {
      const init = ts.isVariableDeclaration(p.parent.parent) ? p.parent.parent.initializer : undefined;
      if (init && isTfModule(init, tf))
        out.push(finding('model-io', 'error', ioMessage(`{ ${p.getText()} } of TF.js`), p));
    }
  }
  // From the file's one iterative walk: a recursive walk here would overflow on deeply nested input.
  for (const node of file.elementAccesses) {
    if (
      ts.isStringLiteralLike(node.argumentExpression) &&
      node.argumentExpression.text === 'io' &&
      isTfModule(node.expression, tf)
    ) {
      const shown = widened(node);
      out.push(finding('model-io', 'error', ioMessage(shown.getText()), shown));
    }
  }
  return out;
}

/** `<model>.save(…)`: LayersModel.save writes the model to a URL scheme or a handler (the Net's own `this.save` is its business). */
function saveCalls(file: NetFile): Finding[] {
  return file.calls
    .filter((c) => {
      const e = c.expression;
      const named =
        (ts.isPropertyAccessExpression(e) && e.name.text === 'save') ||
        (ts.isElementAccessExpression(e) &&
          ts.isStringLiteralLike(e.argumentExpression) &&
          e.argumentExpression.text === 'save');
      return (
        named &&
        c.arguments.length > 0 &&
        (e as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression.kind !== ts.SyntaxKind.ThisKeyword
      );
    })
    .map((c) =>
      finding(
        'model-io',
        'error',
        `${c.expression.getText()}() saves the model (to files, the network or storage); a Net trains from scratch and keeps nothing outside the trainer.`,
        c.expression,
      ),
    );
}

/** `model-io`. */
export const modelIoRule: Rule = (file) => {
  const tf = tfBindings(file);
  return [...ioUses(file, tf), ...saveCalls(file)];
};
