/**
 * Bodies the quick fixes insert. They follow the reference Net's conventions (examples/nets/
 * referenceCnn.net.ts): SGD with momentum from `prm.lr`/`prm.momentum`, softmax cross-entropy,
 * and `learn` minimising the loss of `forward(x, true)` over every batch.
 */
import * as ts from 'typescript';
import { allowedModule } from './modules';
import type { TextEdit } from './finding';
import type { NetFile } from './netFile';
import { identifiersNamed } from './netFile';

/** The name TF.js is bound to, and the import to add when the file has none. */
export interface TfBinding {
  readonly name: string;
  readonly edit?: TextEdit;
}

/** How the file reaches TF.js's namespace (`import * as tf` / `const tf = require(...)`), or one to add. */
export function tfBinding(file: NetFile): TfBinding | undefined {
  for (const statement of file.sourceFile.statements) {
    if (
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      allowedModule(statement.moduleSpecifier.text)
    ) {
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && !statement.importClause?.isTypeOnly)
        return { name: bindings.name.text };
    }
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        const init = d.initializer;
        const isRequire =
          init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require';
        const arg = isRequire ? init.arguments[0] : undefined;
        if (ts.isIdentifier(d.name) && arg && ts.isStringLiteral(arg) && allowedModule(arg.text))
          return { name: d.name.text };
      }
    }
  }
  if (identifiersNamed(file, 'tf').length > 0) return undefined;
  const quote = file.source.split('"').length > file.source.split("'").length ? '"' : "'";
  const text = `import * as tf from ${quote}@tensorflow/tfjs${quote};${file.newline}`;
  return { name: 'tf', edit: { range: { start: 0, end: 0 }, newText: text } };
}

/** Lines of a method, two-space nested, without the class's indentation. */
type Lines = readonly string[];

/** `learn`: one epoch, minimising the criteria of forward(x, true) for every batch. */
export function learnMethod(typed: boolean, tf: string): Lines {
  const signature = typed
    ? `async learn(trainData: AsyncIterable<{ x: ${tf}.Tensor4D; y: ${tf}.Tensor2D }>): Promise<void> {`
    : 'async learn(trainData) {';
  return [
    '/** One epoch over the batches the trainer hands in. */',
    signature,
    '  for await (const { x, y } of trainData) {',
    '    this.optimizer.minimize(() => this.criteria(y, this.forward(x, true)));',
    '  }',
    '}',
  ];
}

/** The optimizer assignment trainSetup needs. */
export function optimizerLine(tf: string, prm: string): string {
  return `this.optimizer = ${tf}.train.momentum(${prm}.lr, ${prm}.momentum);`;
}

/** The criteria assignment trainSetup needs. */
export function criteriaLine(typed: boolean, tf: string): string {
  const cast = typed ? ` as ${tf}.Scalar` : '';
  return `this.criteria = (labels, logits) => ${tf}.losses.softmaxCrossEntropy(labels, logits)${cast};`;
}

/** The keys `trainSetup`'s inserted body reads. */
export const trainSetupKeys = ['lr', 'momentum'] as const;

/** `trainSetup`: SGD with momentum and softmax cross-entropy. */
export function trainSetupMethod(typed: boolean, tf: string): Lines {
  return [
    '/** SGD with momentum and softmax cross-entropy. */',
    typed ? 'trainSetup(prm: Record<string, number>): void {' : 'trainSetup(prm) {',
    `  ${optimizerLine(tf, 'prm')}`,
    `  ${criteriaLine(typed, tf)}`,
    '}',
  ];
}

/** The field declarations a typed Net needs for the assignments above to type-check. */
export function trainFieldLines(tf: string, missing: { optimizer: boolean; criteria: boolean }): Lines {
  return [
    ...(missing.optimizer ? [`optimizer!: ${tf}.Optimizer;`] : []),
    ...(missing.criteria ? [`criteria!: (labels: ${tf}.Tensor, logits: ${tf}.Tensor) => ${tf}.Scalar;`] : []),
  ];
}

/** `forward` through a layers model kept in `this.<field>`. */
export function forwardMethod(typed: boolean, tf: string, field: string): Lines {
  return [
    '/** Logits for a batch. */',
    typed ? `forward(x: ${tf}.Tensor4D, training = false): ${tf}.Tensor2D {` : 'forward(x, training = false) {',
    `  return this.${field}.apply(x, { training })${typed ? ` as ${tf}.Tensor2D` : ''};`,
    '}',
  ];
}

/** The contract's constructor parameters, in order. */
export const constructorParams = ['inShape', 'outShape', 'prm', 'device'] as const;

/** A parameter of the contract's constructor as source text. */
export function constructorParam(typed: boolean, name: (typeof constructorParams)[number]): string {
  if (!typed) return name;
  const types = { inShape: 'number[]', outShape: 'number[]', prm: 'Record<string, number>', device: 'string' };
  return `${name}: ${types[name]}`;
}

/** `export function supportedHyperparameters() { return [...]; }` */
export function declarationFunction(typed: boolean, keys: readonly string[], quote: string): Lines {
  const list = keys.map((k) => `${quote}${k}${quote}`).join(', ');
  return [
    '/** The hyperparameters this Net reads from prm; every value lies in [0, 1]. */',
    `export function supportedHyperparameters()${typed ? ': string[]' : ''} {`,
    `  return [${list}];`,
    '}',
  ];
}
