/**
 * Normalising tokenizer for near-duplicate detection (nn-dup's recipe, for TS/JS): comments
 * dropped, identifiers → `ID` unless they carry architecture, numbers → `NUM`, strings → `STR`,
 * keywords and punctuation kept. Renaming locals or tuning a constant then changes nothing.
 */
import ts from 'typescript';
import { netApiNames, tfNames } from './keptNames';

/** Tokens after which `/` divides; elsewhere it starts a regular expression. */
const endsExpression = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
]);

const literalKinds = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.NumericLiteral, 'NUM'],
  [ts.SyntaxKind.BigIntLiteral, 'NUM'],
  [ts.SyntaxKind.StringLiteral, 'STR'],
  [ts.SyntaxKind.NoSubstitutionTemplateLiteral, 'STR'],
  [ts.SyntaxKind.TemplateHead, 'STR'],
  [ts.SyntaxKind.TemplateMiddle, 'STR'],
  [ts.SyntaxKind.TemplateTail, 'STR'],
  [ts.SyntaxKind.RegularExpressionLiteral, 'STR'],
]);

const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true, ts.LanguageVariant.Standard);

/** The hyperparameter keys a Net declares: string literals in `supportedHyperparameters`' body. */
export function declaredKeys(code: string): string[] {
  const at = code.indexOf('supportedHyperparameters');
  if (at < 0) return [];
  const open = code.indexOf('[', at);
  const close = open < 0 ? -1 : code.indexOf(']', open);
  if (close < 0) return [];
  return [...code.slice(open, close).matchAll(/['"]([A-Za-z_$][\w$]*)['"]/g)].map((m) => m[1]);
}

/** The normalised token stream of a TS/JS source text. Never throws: unknown characters become tokens. */
export function normalizedTokens(code: string): string[] {
  const kept = new Set(netApiNames);
  for (const key of declaredKeys(code)) kept.add(key);
  const raw = scan(code);
  return raw.map(({ kind, text }, i) => {
    const literal = literalKinds.get(kind);
    if (literal) return literal;
    if (kind !== ts.SyntaxKind.Identifier && kind !== ts.SyntaxKind.PrivateIdentifier) return text;
    if (kept.has(text)) return text;
    if (!tfNames.has(text)) return 'ID';
    const before = raw[i - 1]?.kind;
    const member = before === ts.SyntaxKind.DotToken && raw[i - 2]?.kind !== ts.SyntaxKind.ThisKeyword;
    const key =
      (before === ts.SyntaxKind.OpenBraceToken || before === ts.SyntaxKind.CommaToken) &&
      raw[i + 1]?.kind === ts.SyntaxKind.ColonToken;
    return member || key ? text : 'ID';
  });
}

/** Raw tokens (comments skipped), with template and regular-expression tokens rescanned by context. */
function scan(code: string): { kind: ts.SyntaxKind; text: string }[] {
  scanner.setText(code);
  const tokens: { kind: ts.SyntaxKind; text: string }[] = [];
  const braces: boolean[] = []; // true = the `${` of a template literal
  let previous = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.OpenBraceToken) braces.push(false);
    else if (kind === ts.SyntaxKind.TemplateHead) braces.push(true);
    else if (kind === ts.SyntaxKind.CloseBraceToken && braces.pop()) {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateMiddle) braces.push(true);
    } else if (
      (kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) &&
      !endsExpression.has(previous)
    ) {
      kind = scanner.reScanSlashToken();
    }
    const isName = kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.PrivateIdentifier;
    tokens.push({ kind, text: isName ? scanner.getTokenValue() : scanner.getTokenText() });
    previous = kind;
  }
  scanner.setText(undefined);
  return tokens;
}
