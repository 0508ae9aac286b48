/** Parse errors, each with the compiler's own range and message. */
import * as ts from 'typescript';
import { finding } from '../report';
import type { Rule } from '../report';

/** `net-api/syntax-error`: one finding per parser diagnostic. */
export const syntaxRule: Rule = (file) =>
  file.parseDiagnostics.map((d) => {
    const start = d.start ?? 0;
    return finding('syntax-error', 'error', ts.flattenDiagnosticMessageText(d.messageText, '\n'), {
      start,
      end: start + (d.length ?? 0),
    });
  });
