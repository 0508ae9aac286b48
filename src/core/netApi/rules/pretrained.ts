/**
 * No pretrained weights: NNGPT scores architectures by what one epoch from scratch reaches, so a
 * Net that loads a model or weights (from a URL, a file or the TF Hub) defeats the comparison.
 */
import * as ts from 'typescript';
import { finding } from '../report';
import type { Rule } from '../report';

const loaderNames = new Set(['fromPretrained', 'loadWeights', 'loadModel']);

/** The callee's last name: `loadLayersModel` for `tf.loadLayersModel(...)`. */
function lastName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

/** True for `<x>.io.<anything>(...)`: TF.js's IO handlers read and write model files. */
function isIoCall(callee: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(callee) && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'io';
}

/** `pretrained-weights`. */
export const pretrainedRule: Rule = (file) =>
  file.calls
    .filter((c) => {
      const name = lastName(c.expression);
      return isIoCall(c.expression) || (name !== undefined && (loaderNames.has(name) || /^load\w*Model$/.test(name)));
    })
    .map((c) => finding('pretrained-weights', 'error', `${c.expression.getText()}() loads pretrained weights; a Net must train from scratch.`, c.expression));
