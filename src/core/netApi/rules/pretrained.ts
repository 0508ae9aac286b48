/**
 * No pretrained weights: NNGPT scores architectures by what one epoch from scratch reaches, so a
 * Net that loads a model or weights (from a URL, a file or the TF Hub) defeats the comparison.
 * TF.js's `io` namespace and `model.save` are `model-io` (rules/modelIo.ts).
 */
import * as ts from 'typescript';
import { finding } from '../report';
import type { Rule } from '../report';

const loaderNames = new Set(['fromPretrained', 'loadWeights', 'loadModel']);

/** The callee's last name: `loadLayersModel` for `tf.loadLayersModel(...)`. */
function lastName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression))
    return callee.argumentExpression.text;
  return undefined;
}

/** `pretrained-weights`. */
export const pretrainedRule: Rule = (file) =>
  file.calls
    .filter((c) => {
      const name = lastName(c.expression);
      return name !== undefined && (loaderNames.has(name) || /^load\w*Model$/.test(name));
    })
    .map((c) =>
      finding(
        'pretrained-weights',
        'error',
        `${c.expression.getText()}() loads pretrained weights; a Net must train from scratch.`,
        c.expression,
      ),
    );
