/**
 * The three methods the trainer calls: `forward`, `trainSetup`, `learn`. Missing ones get a
 * working body in the reference Net's style; `forward` only when the Net keeps a layers model
 * in a field (anything else cannot be known).
 */
import * as ts from 'typescript';
import { classModel, findMember, methodBody } from '../classModel';
import type { ClassCandidate, ClassModel } from '../classModel';
import { appendMember } from '../edits';
import type { Finding, Fix } from '../finding';
import type { RuleName } from '../codes';
import { declareKeys, declareTrainFields, ordered, tfFor, within } from '../fixParts';
import { identifiersNamed, staticName } from '../netFile';
import type { NetFile } from '../netFile';
import { finding } from '../report';
import type { Rule } from '../report';
import { forwardMethod, learnMethod, trainSetupKeys, trainSetupMethod } from '../templates';

/** The field a layers model is kept in, and whether it is known to be one (built by `sequential`/`model`). */
function modelField(net: ClassCandidate): { field: string; known: boolean } | undefined {
  let fallback: string | undefined;
  const stack: ts.Node[] = [...net.node.members];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    let field: string | undefined;
    let value: ts.Expression | undefined;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.expression.kind === ts.SyntaxKind.ThisKeyword
    ) {
      field = node.left.name.text;
      value = node.right;
    } else if (ts.isPropertyDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      field = node.name.text;
      value = node.initializer;
    }
    if (
      field &&
      value &&
      ts.isCallExpression(value) &&
      ts.isPropertyAccessExpression(value.expression) &&
      ['sequential', 'model'].includes(value.expression.name.text)
    ) {
      return { field, known: true };
    }
    if (field === 'model') fallback = field;
    ts.forEachChild(node, (c) => {
      stack.push(c);
    });
  }
  return fallback ? { field: fallback, known: false } : undefined;
}

function forwardFix(file: NetFile, net: ClassCandidate): Fix | undefined {
  const model = modelField(net);
  const tf = tfFor(file);
  if (!model || !tf) return undefined;
  const edits = [...tf.edits, appendMember(file, net.node, forwardMethod(file.typed, tf.name, model.field))];
  return { title: `Add forward() through this.${model.field}`, edits: ordered(edits), safe: model.known };
}

function trainSetupFix(file: NetFile, model: ClassModel, net: ClassCandidate): Fix | undefined {
  const tf = tfFor(file);
  if (!tf) return undefined;
  const edits = [
    ...tf.edits,
    ...declareKeys(file, trainSetupKeys),
    ...declareTrainFields(file, model, net, tf.name, { optimizer: true, criteria: true }),
    appendMember(file, net.node, trainSetupMethod(file.typed, tf.name)),
  ];
  return { title: 'Add trainSetup() with SGD momentum and softmax cross-entropy', edits: ordered(edits), safe: true };
}

function learnFix(file: NetFile, net: ClassCandidate): Fix | undefined {
  const tf = tfFor(file);
  if (!tf) return undefined;
  const edits = [...tf.edits, appendMember(file, net.node, learnMethod(file.typed, tf.name))];
  return { title: 'Add learn() minimising the loss over every batch', edits: ordered(edits), safe: true };
}

/** Names generated code often gives the Net API methods; NNGPT renames them before evaluation. */
const aliases: Readonly<Record<string, readonly string[]>> = {
  forward: ['call', 'predict', 'logits'],
  trainSetup: ['train_setup', 'setupTraining', 'trainingSetup', 'configureTraining'],
  learn: ['train', 'trainEpoch', 'train_epoch', 'learnEpoch', 'runEpoch', 'fit'],
};

/** Renames a look-alike method of the Net and its `this.<name>` uses inside the class. */
function renameFix(file: NetFile, net: ClassCandidate, to: string): { from: string; fix: Fix } | undefined {
  const member = net.node.members.find((m) => aliases[to].includes(staticName(m.name) ?? '') && methodBody(m));
  const from = member && staticName(member.name);
  if (!member?.name || !from) return undefined;
  const uses = identifiersNamed(file, from).filter(
    (id) =>
      within(id, net.node) &&
      ts.isPropertyAccessExpression(id.parent) &&
      id.parent.name === id &&
      id.parent.expression.kind === ts.SyntaxKind.ThisKeyword,
  );
  const edits = [member.name, ...uses].map((n) => ({ range: { start: n.getStart(), end: n.end }, newText: to }));
  return { from, fix: { title: `Rename method '${from}' to '${to}'`, edits, safe: true } };
}

/** `missing-forward`, `missing-train-setup`, `missing-learn`. */
export const methodsRule: Rule = (file) => {
  const model = classModel(file);
  const net = model.net;
  if (!net) return [];
  const has = (name: string): boolean => methodBody(findMember(model, net, name)) !== undefined;
  const out: Finding[] = [];
  const report = (code: RuleName, method: string, message: string, insert: () => Fix | undefined): void => {
    if (has(method)) return;
    const rename = renameFix(file, net, method);
    const hint = rename ? ` ('${rename.from}' looks like it)` : '';
    out.push(finding(code, 'error', `${message}${hint}.`, net.nameNode, [rename?.fix, insert()]));
  };
  report('missing-forward', 'forward', 'Net has no forward(x, training) method returning logits', () =>
    forwardFix(file, net),
  );
  report(
    'missing-train-setup',
    'trainSetup',
    'Net has no trainSetup(prm) method setting this.optimizer and this.criteria',
    () => trainSetupFix(file, model, net),
  );
  report('missing-learn', 'learn', 'Net has no learn(trainData) method running one epoch', () => learnFix(file, net));
  return out;
};
