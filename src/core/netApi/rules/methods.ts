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
import { declareKeys, declareTrainFields, ordered, tfFor } from '../fixParts';
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
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      field = node.left.name.text;
      value = node.right;
    } else if (ts.isPropertyDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      field = node.name.text;
      value = node.initializer;
    }
    if (field && value && ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && ['sequential', 'model'].includes(value.expression.name.text)) {
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

/** `missing-forward`, `missing-train-setup`, `missing-learn`. */
export const methodsRule: Rule = (file) => {
  const model = classModel(file);
  const net = model.net;
  if (!net) return [];
  const has = (name: string): boolean => methodBody(findMember(model, net, name)) !== undefined;
  const out: Finding[] = [];
  if (!has('forward')) out.push(finding('missing-forward', 'error', 'Net has no forward(x, training) method returning logits.', net.nameNode, [forwardFix(file, net)]));
  if (!has('trainSetup')) {
    out.push(finding('missing-train-setup', 'error', 'Net has no trainSetup(prm) method setting this.optimizer and this.criteria.', net.nameNode, [trainSetupFix(file, model, net)]));
  }
  if (!has('learn')) out.push(finding('missing-learn', 'error', 'Net has no learn(trainData) method running one epoch.', net.nameNode, [learnFix(file, net)]));
  return out;
};
