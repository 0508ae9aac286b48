/**
 * `trainSetup` must assign `this.optimizer` and `this.criteria` (the trainer reads both fields;
 * returning them, as some generated code does, leaves the fields unset).
 */
import * as ts from 'typescript';
import { classModel, findMember, methodBody } from '../classModel';
import type { ClassCandidate, ClassModel } from '../classModel';
import { appendStatement } from '../edits';
import type { Finding, Fix, TextEdit } from '../finding';
import { declareKeys, declareTrainFields, ordered, tfFor } from '../fixParts';
import type { NetFile } from '../netFile';
import { prmName } from '../prmReads';
import { finding } from '../report';
import type { Rule } from '../report';
import { criteriaLine, optimizerLine, trainSetupKeys } from '../templates';

type Field = 'optimizer' | 'criteria';

/** `this.<name>` — the member a `this` access names, else undefined. */
function thisMember(node: ts.Node): string | undefined {
  return ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword
    ? node.name.text
    : undefined;
}

/** Property names of `Object.assign(this, { a, b: … })`. */
function objectAssignFields(call: ts.CallExpression): string[] {
  const [target, source] = call.arguments;
  const callee = call.expression;
  const isObjectAssign =
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Object' &&
    callee.name.text === 'assign';
  if (!isObjectAssign || target?.kind !== ts.SyntaxKind.ThisKeyword || !source || !ts.isObjectLiteralExpression(source))
    return [];
  return source.properties.flatMap((p) =>
    p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : [],
  );
}

/**
 * Fields assigned inside `body` as `this.<field> = …` or `Object.assign(this, {…})`, following
 * calls to the Net's own methods (`this.buildOptimizer(prm)`), since generated Nets often move the
 * set-up into a helper. Each method is visited once, so recursion between helpers ends.
 */
function assignedFields(
  body: ts.Node,
  methodNamed: (name: string) => ts.FunctionLikeDeclaration | undefined,
): Set<string> {
  const out = new Set<string>();
  const visited = new Set<ts.Node>([body]);
  const stack: ts.Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const field = thisMember(node.left);
      if (field) out.add(field);
    }
    if (ts.isCallExpression(node)) {
      objectAssignFields(node).forEach((f) => out.add(f));
      const helper = thisMember(node.expression);
      const helperBody = helper ? methodNamed(helper)?.body : undefined;
      if (helperBody && !visited.has(helperBody)) {
        visited.add(helperBody);
        stack.push(helperBody);
      }
    }
    ts.forEachChild(node, (c) => {
      stack.push(c);
    });
  }
  return out;
}

function assignFix(
  file: NetFile,
  model: ClassModel,
  net: ClassCandidate,
  method: ts.FunctionLikeDeclaration,
  field: Field,
): Fix | undefined {
  const body = method.body;
  const tf = tfFor(file);
  if (!body || !ts.isBlock(body) || !tf) return undefined;
  const first = method.parameters[0];
  const prm = first && ts.isIdentifier(first.name) ? first.name.text : prmName;
  const edits: TextEdit[] = [...tf.edits];
  if (!first) {
    const at = method.parameters.pos;
    edits.push({ range: { start: at, end: at }, newText: file.typed ? `${prmName}: Record<string, number>` : prmName });
  }
  if (field === 'optimizer' && prm === prmName) edits.push(...declareKeys(file, trainSetupKeys));
  edits.push(
    ...declareTrainFields(file, model, net, tf.name, {
      optimizer: field === 'optimizer',
      criteria: field === 'criteria',
    }),
  );
  edits.push(
    appendStatement(
      file,
      body,
      field === 'optimizer' ? optimizerLine(tf.name, prm) : criteriaLine(file.typed, tf.name),
    ),
  );
  const title =
    field === 'optimizer' ? 'Set this.optimizer to SGD with momentum' : 'Set this.criteria to softmax cross-entropy';
  const safe = field === 'criteria' || prm === prmName;
  return { title, edits: ordered(edits), safe };
}

/** `train-setup-missing-optimizer`, `train-setup-missing-criteria`. */
export const trainSetupRule: Rule = (file) => {
  const model = classModel(file);
  const net = model.net;
  const member = net && findMember(model, net, 'trainSetup');
  const method = methodBody(member);
  if (!net || !member || !method?.body) return [];
  const assigned = assignedFields(method.body, (name) => methodBody(findMember(model, net, name)));
  const at = member.name ?? member;
  const out: Finding[] = [];
  for (const field of ['optimizer', 'criteria'] as const) {
    if (assigned.has(field)) continue;
    const message = `trainSetup() must assign this.${field}; the trainer reads the field, not a return value.`;
    out.push(
      finding(`train-setup-missing-${field}` as const, 'error', message, at, [
        assignFix(file, model, net, method, field),
      ]),
    );
  }
  return out;
};
