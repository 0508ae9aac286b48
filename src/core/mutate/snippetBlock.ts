/**
 * Turns a snippet from the library (a TF.js module that imports only '@tensorflow/tfjs') into
 * code that can be inlined into a Net: its entry function plus the top-level declarations that
 * function uses, and a call that keeps the tensor's shape (channel-count parameters get the
 * tensor's own channel count, strides get 1). Snippets whose entry needs an argument the mutator
 * cannot choose safely, or that work on token sequences rather than images, are not used.
 */
import * as ts from 'typescript';

/** A snippet as the library hands it over. */
export interface SnippetSource {
  readonly id: string;
  readonly family: string;
  readonly code: string;
}

/** A snippet ready to inline. */
export interface InlineBlock {
  readonly id: string;
  readonly family: string;
  /** The entry function's name. */
  readonly entry: string;
  /** Top-level declarations to copy into the Net (entry last), TypeScript source. */
  readonly declarations: readonly { readonly name: string; readonly text: string }[];
  /** How to fill each parameter after the input tensor. */
  readonly args: readonly ArgRule[];
  /** The namespace name the snippet uses for TF.js. */
  readonly tf: string;
  /** True when the entry's doc says the shape is unchanged; otherwise a 1×1 projection restores the channel count. */
  readonly keepsShape: boolean;
}

/** One argument after the input tensor: the channel count, a fixed literal, or left to its default. */
export type ArgRule =
  { readonly kind: 'channels' } | { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'default' };

/** Families that work on token sequences (rank 3) and so cannot follow an image layer. */
const SEQUENCE_FAMILIES = /vit|transformer|attention|mixer|patch|token/i;

/** Chooses an argument from the parameter's name; undefined when no safe choice exists. */
function ruleFor(param: ts.ParameterDeclaration): ArgRule | undefined {
  const name = ts.isIdentifier(param.name) ? param.name.text : '';
  if (/^(filters|channels|outChannels|outFilters|units|dim|width|numFilters|outputChannels)$/i.test(name))
    return { kind: 'channels' };
  if (param.initializer || param.questionToken) return { kind: 'default' };
  if (/strides?$/i.test(name)) return { kind: 'literal', text: '1' };
  if (/kernel/i.test(name)) return { kind: 'literal', text: '3' };
  if (/expan/i.test(name)) return { kind: 'literal', text: '4' };
  if (/^(ratio|reduction|reductionRatio|squeeze)$/i.test(name)) return { kind: 'literal', text: '4' };
  return undefined;
}

function namespaceImport(file: ts.SourceFile): string | undefined {
  for (const s of file.statements) {
    if (!ts.isImportDeclaration(s)) continue;
    const spec = ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : '';
    if (!spec.startsWith('@tensorflow/tfjs')) return undefined;
    const bindings = s.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) return bindings.name.text;
  }
  return undefined;
}

function declarationName(s: ts.Statement): string | undefined {
  if (
    (ts.isFunctionDeclaration(s) ||
      ts.isClassDeclaration(s) ||
      ts.isInterfaceDeclaration(s) ||
      ts.isTypeAliasDeclaration(s)) &&
    s.name
  )
    return s.name.text;
  if (
    ts.isVariableStatement(s) &&
    s.declarationList.declarations.length === 1 &&
    ts.isIdentifier(s.declarationList.declarations[0].name)
  ) {
    return s.declarationList.declarations[0].name.text;
  }
  return undefined;
}

/** The declaration's text without `export`, so the Net keeps exactly one export surface. */
function withoutExport(s: ts.Statement, source: ts.SourceFile): string {
  const text = s.getText(source);
  return text.replace(/^export\s+(default\s+)?/, '');
}

function identifiersIn(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) out.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** True when code pools other than with stride 1 and 'same' padding (Inception's 3×3 pool branch keeps the size). */
function reducesSize(code: string): boolean {
  for (const m of code.matchAll(/\.(maxPooling2d|averagePooling2d)\(([^)]*)\)/g)) {
    if (!/strides:\s*1\b/.test(m[2]) || !/padding:\s*['"]same['"]/.test(m[2])) return true;
  }
  return false;
}

/** The block function: the exported one named like the snippet file, else the first exported one. */
function entryOf(source: ts.SourceFile, id: string): ts.FunctionDeclaration | undefined {
  const exported = source.statements.filter(
    (s): s is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(s) &&
      !!s.name &&
      !!s.body &&
      (ts.getCombinedModifierFlags(s) & ts.ModifierFlags.Export) !== 0 &&
      s.parameters.length > 0,
  );
  return exported.find((f) => f.name?.text.toLowerCase() === id.toLowerCase()) ?? exported[0];
}

/** Prepares a snippet for inlining, or explains in one line why it cannot be used. */
export function prepareBlock(snippet: SnippetSource): InlineBlock | string {
  if (SEQUENCE_FAMILIES.test(snippet.family) || SEQUENCE_FAMILIES.test(snippet.id))
    return `${snippet.id}: works on token sequences`;
  const source = ts.createSourceFile(`${snippet.id}.ts`, snippet.code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const tf = namespaceImport(source);
  if (!tf) return `${snippet.id}: does not import TF.js as a namespace`;
  const byName = new Map<string, ts.Statement>();
  for (const s of source.statements) {
    const name = declarationName(s);
    if (name) byName.set(name, s);
  }
  const entry = entryOf(source, snippet.id);
  if (!entry?.name) return `${snippet.id}: no exported block function`;
  const args: ArgRule[] = [];
  for (const param of entry.parameters.slice(1)) {
    const rule = ruleFor(param);
    if (!rule) return `${snippet.id}: cannot choose parameter ${param.name.getText(source)}`;
    args.push(rule);
  }
  while (args.length > 0 && args[args.length - 1].kind === 'default') args.pop();
  // Copy the entry and, transitively, the top-level declarations it names, dependencies first.
  const needed: string[] = [];
  const visit = (name: string): void => {
    if (needed.includes(name)) return;
    const statement = byName.get(name);
    if (!statement) return;
    needed.push(name);
    for (const used of identifiersIn(statement)) if (used !== name) visit(used);
  };
  visit(entry.name.text);
  const copied = needed.map((n) => byName.get(n) as ts.Statement);
  // A block that pools changes height and width, which no projection can undo after a residual split.
  if (copied.some((st) => reducesSize(st.getText(source)))) return `${snippet.id}: reduces height and width`;
  const doc = ts
    .getJSDocCommentsAndTags(entry)
    .map((d) => d.getText(source))
    .join(' ');
  const keepsShape = /shape is unchanged|keeps the shape/i.test(doc);
  const declarations = needed
    .reverse()
    .map((name) => ({ name, text: withoutExport(byName.get(name) as ts.Statement, source) }));
  // Top-level statements that act on a copied declaration (e.g. `tf.serialization.registerClass(Layer)`) come along after it.
  for (const s of source.statements) {
    if (ts.isExpressionStatement(s) && [...identifiersIn(s)].some((n) => needed.includes(n)))
      declarations.push({ name: '', text: s.getText(source) });
  }
  return { id: snippet.id, family: snippet.family, entry: entry.name.text, declarations, args, tf, keepsShape };
}

/** Strips TypeScript syntax from inlined code for a JavaScript Net. */
export function toJavaScript(text: string): string {
  return ts
    .transpileModule(text, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
    })
    .outputText.trim();
}
