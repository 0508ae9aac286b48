/**
 * Building findings from syntax nodes, so every rule reports ranges the same way: from the node's
 * first token (leading comments and whitespace excluded) to its end.
 */
import type * as ts from 'typescript';
import type { RuleName } from './codes';
import type { Finding, Fix, Severity, TextRange } from './finding';
import type { NetFile } from './netFile';

/** A rule: one family of checks over a parsed file. */
export type Rule = (file: NetFile) => Finding[];

/** The range a node covers without its leading trivia. */
export function rangeOf(node: ts.Node): TextRange {
  return { start: node.getStart(), end: node.end };
}

/** A finding at `at` (a node or a range). */
export function finding(
  code: RuleName,
  severity: Severity,
  message: string,
  at: ts.Node | TextRange,
  fixes: readonly (Fix | undefined)[] = [],
): Finding {
  const range = 'kind' in at ? rangeOf(at) : at;
  return { code: `net-api/${code}`, severity, message, range, fixes: fixes.filter((f): f is Fix => f !== undefined) };
}
