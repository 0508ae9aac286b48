/**
 * One parsed Net file plus the indexes every rule reads. The tree is walked once, iteratively
 * (deeply nested input must not overflow the stack), and rules query the indexes instead of
 * walking again.
 */
import * as ts from 'typescript';

/** A parsed Net file and what one walk over it collected. */
export interface NetFile {
  readonly source: string;
  readonly fileName: string;
  readonly sourceFile: ts.SourceFile;
  /** False for .js/.mjs/.cjs/.jsx: fixes then insert code without type annotations. */
  readonly typed: boolean;
  /** The file's own line break, so inserted code does not mix styles. */
  readonly newline: string;
  /** The parser's diagnostics; when there are any, the tree is a recovery and structure rules stay quiet. */
  readonly parseDiagnostics: readonly ts.DiagnosticWithLocation[];
  /** Every identifier by its text, in source order. */
  readonly identifiers: ReadonlyMap<string, readonly ts.Identifier[]>;
  /** Every call expression, in source order. */
  readonly calls: readonly ts.CallExpression[];
  /** Every `new X(...)` expression. */
  readonly news: readonly ts.NewExpression[];
  /** Every `a[b]` expression, in walk order (rules look for string-literal keys such as `tf['io']`). */
  readonly elementAccesses: readonly ts.ElementAccessExpression[];
  /** `import.meta` and `new.target` uses. */
  readonly metaProperties: readonly ts.MetaProperty[];
}

/** Picks how TypeScript parses the file from its extension. */
export function scriptKindFor(fileName: string): ts.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(lower)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Parses `source` (no type-check, no Program) and indexes it. May throw RangeError on absurd nesting. */
export function parseNetFile(source: string, fileName: string): NetFile {
  const kind = scriptKindFor(fileName);
  const sourceFile = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, kind);
  const identifiers = new Map<string, ts.Identifier[]>();
  const calls: ts.CallExpression[] = [];
  const news: ts.NewExpression[] = [];
  const elementAccesses: ts.ElementAccessExpression[] = [];
  const metaProperties: ts.MetaProperty[] = [];
  const stack: ts.Node[] = [sourceFile];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node): void => {
    children.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    if (ts.isIdentifier(node)) {
      const list = identifiers.get(node.text);
      if (list) list.push(node);
      else identifiers.set(node.text, [node]);
    } else if (ts.isCallExpression(node)) {
      calls.push(node);
    } else if (ts.isNewExpression(node)) {
      news.push(node);
    } else if (ts.isElementAccessExpression(node)) {
      elementAccesses.push(node);
    } else if (ts.isMetaProperty(node)) {
      metaProperties.push(node);
    }
    children.length = 0;
    ts.forEachChild(node, collect);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  const byStart = (a: ts.Node, b: ts.Node): number => a.pos - b.pos;
  calls.sort(byStart);
  const diagnostics =
    (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return {
    source,
    fileName,
    sourceFile,
    typed: kind === ts.ScriptKind.TS || kind === ts.ScriptKind.TSX,
    newline: source.includes('\r\n') ? '\r\n' : '\n',
    parseDiagnostics: diagnostics,
    identifiers,
    calls,
    news,
    elementAccesses,
    metaProperties,
  };
}

/** The identifiers named `name` (empty when none). */
export function identifiersNamed(file: NetFile, name: string): readonly ts.Identifier[] {
  return file.identifiers.get(name) ?? [];
}

/** The name of a property-like name node, when it is static. */
export function staticName(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (
    ts.isIdentifier(name) ||
    ts.isStringLiteralLike(name) ||
    ts.isNumericLiteral(name) ||
    ts.isPrivateIdentifier(name)
  )
    return name.text;
  return undefined;
}
