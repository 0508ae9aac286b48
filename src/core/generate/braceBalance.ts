/**
 * Counts unclosed braces with the TypeScript scanner, so braces inside strings, comments and
 * template literals do not count. A positive balance in a reply is the surest sign the model
 * was cut off mid-module.
 */
import * as ts from 'typescript';

/** `open` > 0: braces left open; < 0: a stray `}`. */
export interface BraceBalance {
  readonly open: number;
  /** A string, template literal or block comment runs past the end. */
  readonly unterminatedLiteral: boolean;
}

/** Scans `code` once; never throws. */
export function braceBalance(code: string): BraceBalance {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, code);
  // What each open `{` belongs to: a block/object, or a `${` inside a template literal.
  const stack: ('brace' | 'template')[] = [];
  let stray = 0;
  let unterminatedLiteral = false;
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (scanner.isUnterminated()) unterminatedLiteral = true;
    if (token === ts.SyntaxKind.OpenBraceToken) stack.push('brace');
    else if (token === ts.SyntaxKind.TemplateHead) stack.push('template');
    else if (token === ts.SyntaxKind.CloseBraceToken) {
      const top = stack.pop();
      if (top === undefined) stray++;
      else if (top === 'template') {
        const next = scanner.reScanTemplateToken(false);
        if (scanner.isUnterminated()) unterminatedLiteral = true;
        if (next === ts.SyntaxKind.TemplateMiddle) stack.push('template');
      }
    }
  }
  return { open: stack.length - stray, unterminatedLiteral };
}
