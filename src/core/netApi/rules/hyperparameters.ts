/**
 * `supportedHyperparameters` against the keys read from `prm`, both directions: a key read but
 * not declared is never sampled (the Net sees undefined); a key declared but never read makes the
 * tuner search a dimension that does nothing.
 */
import * as ts from 'typescript';
import { classModel } from '../classModel';
import { declaration } from '../declaredKeys';
import type { Declaration } from '../declaredKeys';
import { indentAt, indentLines, quoteOf, removeElement, unitOf } from '../edits';
import type { Finding, Fix } from '../finding';
import { declareKeys } from '../fixParts';
import type { NetFile } from '../netFile';
import { prmUsage } from '../prmReads';
import type { PrmUsage } from '../prmReads';
import { finding } from '../report';
import type { Rule } from '../report';
import { declarationFunction } from '../templates';

function readKeys(usage: PrmUsage): string[] {
  return [...new Set(usage.reads.map((r) => r.key))];
}

function addDeclarationFix(file: NetFile, usage: PrmUsage): Fix {
  const imports = file.sourceFile.statements.filter(
    (s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s),
  );
  const last = imports[imports.length - 1];
  const at = last ? last.end : 0;
  const text = indentLines(file, declarationFunction(file.typed, readKeys(usage), quoteOf(file)), '');
  const nl = file.newline;
  const newText = last ? `${nl}${nl}${text}` : `${text}${nl}${nl}`;
  return {
    title: 'Add supportedHyperparameters() listing the keys read from prm',
    edits: [{ range: { start: at, end: at }, newText }],
    safe: true,
  };
}

function literalFix(file: NetFile, decl: Declaration, usage: PrmUsage): Fix | undefined {
  const body = decl.fn.body;
  if (!body || usage.escapes.length > 0) return undefined;
  const q = quoteOf(file);
  const list = `[${readKeys(usage)
    .map((k) => q + k + q)
    .join(', ')}]`;
  const indent = indentAt(file.source, decl.statement.getStart());
  const newText = ts.isBlock(body)
    ? `{${file.newline}${indent}${unitOf(file)}return ${list};${file.newline}${indent}}`
    : list;
  const title = 'Return the literal list of keys read from prm';
  return { title, edits: [{ range: { start: body.getStart(), end: body.end }, newText }], safe: false };
}

function exportFix(decl: Declaration): Fix {
  const at = decl.statement.getStart();
  return {
    title: 'Export supportedHyperparameters',
    edits: [{ range: { start: at, end: at }, newText: 'export ' }],
    safe: true,
  };
}

function keyFindings(file: NetFile, decl: Declaration, usage: PrmUsage): Finding[] {
  const list = decl.list;
  if (!list) return [];
  const out: Finding[] = [];
  const declared = new Set(decl.keys.map((k) => k.key));
  for (const read of usage.reads) {
    if (declared.has(read.key)) continue;
    const fix: Fix = {
      title: `Declare '${read.key}' in supportedHyperparameters`,
      edits: declareKeys(file, [read.key]),
      safe: true,
    };
    out.push(
      finding(
        'undeclared-hyperparameter',
        'error',
        `prm.${read.key} is read but not declared in supportedHyperparameters().`,
        read.node,
        [fix],
      ),
    );
  }
  const read = new Set(usage.reads.map((r) => r.key));
  const seen = new Set<string>();
  decl.keys.forEach(({ key, node }, index) => {
    const remove: Fix = {
      title: `Remove '${key}' from supportedHyperparameters`,
      edits: [removeElement(list, index)],
      safe: true,
    };
    if (seen.has(key))
      out.push(finding('duplicate-hyperparameter', 'warning', `'${key}' is declared more than once.`, node, [remove]));
    else if (!read.has(key) && usage.escapes.length === 0) {
      out.push(
        finding('unused-hyperparameter', 'warning', `'${key}' is declared but never read from prm.`, node, [remove]),
      );
    }
    seen.add(key);
  });
  return out;
}

/** The declaration rules plus `unverifiable-hyperparameter-read` for prm uses whose keys cannot be known. */
export const hyperparametersRule: Rule = (file) => {
  const decl = declaration(file);
  const usage = prmUsage(file);
  const out: Finding[] = usage.escapes.map((e) =>
    finding(
      'unverifiable-hyperparameter-read',
      'warning',
      `Keys read from prm here cannot be checked: ${e.why}. Read keys as prm.key or prm['key'].`,
      e.node,
    ),
  );
  if (!decl) {
    const at = classModel(file).net?.nameNode ?? { start: 0, end: 0 };
    out.push(
      finding(
        'missing-supported-hyperparameters',
        'error',
        'The module must export supportedHyperparameters() returning the keys the Net reads from prm.',
        at,
        [addDeclarationFix(file, usage)],
      ),
    );
    return out;
  }
  if (!decl.exported)
    out.push(
      finding(
        'missing-supported-hyperparameters',
        'error',
        'supportedHyperparameters() must be exported.',
        decl.nameNode,
        [exportFix(decl)],
      ),
    );
  if (decl.notLiteral) {
    const message =
      "supportedHyperparameters() must return a literal array of strings, e.g. return ['lr', 'momentum'];";
    out.push(
      finding('hyperparameters-not-literal', 'error', message, decl.notLiteral, [literalFix(file, decl, usage)]),
    );
  }
  return [...out, ...keyFindings(file, decl, usage)];
};
