/**
 * The static Net-API checker: parses a Net file with the TypeScript parser (no type-check, no
 * Program) and runs every rule over it. It never throws: input it cannot read (too large, binary,
 * nested beyond the parser's reach) yields one `net-api/unreadable-file` finding instead.
 */
import { declaration } from './declaredKeys';
import type { Finding } from './finding';
import { parseNetFile } from './netFile';
import { finding } from './report';
import type { Rule } from './report';
import { globalsRule } from './rules/globals';
import { hyperparametersRule } from './rules/hyperparameters';
import { importsRule } from './rules/imports';
import { jsSyntaxRule } from './rules/jsSyntax';
import { methodsRule } from './rules/methods';
import { modelIoRule } from './rules/modelIo';
import { netClassRule } from './rules/netClass';
import { pretrainedRule } from './rules/pretrained';
import { syncReadsRule } from './rules/syncReads';
import { syntaxRule } from './rules/syntax';
import { trainSetupRule } from './rules/trainSetup';

/** What `checkNet` returns. `skipped` says why the file was not checked at all. */
export interface CheckResult {
  readonly findings: Finding[];
  readonly skipped?: string;
  /** The literal keys of `supportedHyperparameters()`; empty when it is missing or not literal. */
  readonly declaredHyperparameters: string[];
}

/** Options for `checkNet`. */
export interface CheckOptions {
  /** Larger files are skipped (UTF-8 bytes); 1 MB by default — a Net is a few hundred lines. */
  readonly maxBytes?: number;
}

/** The default size cap. */
export const defaultMaxBytes = 1_000_000;

/** Rules that still make sense on a tree the parser had to recover: they look at single nodes. */
const tolerantRules: readonly Rule[] = [
  syntaxRule,
  jsSyntaxRule,
  importsRule,
  globalsRule,
  pretrainedRule,
  modelIoRule,
  syncReadsRule,
];
/** Rules about the file's structure: quiet while it does not parse, to avoid a cascade of noise. */
const structureRules: readonly Rule[] = [netClassRule, methodsRule, trainSetupRule, hyperparametersRule];

/** The result for a file that was not checked; the reason is also the finding's message. */
export function unreadableResult(reason: string): CheckResult {
  return {
    findings: [finding('unreadable-file', 'error', reason, { start: 0, end: 0 })],
    skipped: reason,
    declaredHyperparameters: [],
  };
}

/** UTF-8 size of a string, stopping early once past `limit`. */
function utf8Bytes(source: string, limit: number): number {
  let bytes = 0;
  for (let i = 0; i < source.length && bytes <= limit; i++) {
    const c = source.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Binary or mis-decoded input: NUL bytes, or many control / replacement characters. */
function looksBinary(source: string): boolean {
  if (source.includes('\0')) return true;
  let odd = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11) || c === 0xfffd) odd++;
  }
  return odd > 8 && odd / source.length > 0.02;
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code);
}

/** Checks one Net file's text. `fileName` picks TS or JS parsing by its extension. */
export function checkNet(source: string, fileName: string, options?: CheckOptions): CheckResult {
  const maxBytes = options?.maxBytes ?? defaultMaxBytes;
  try {
    if (typeof source !== 'string') return unreadableResult('The file content is not text.');
    const size = utf8Bytes(source, maxBytes);
    if (size > maxBytes)
      return unreadableResult(
        `The file is larger than ${maxBytes} bytes; a Net file is a few hundred lines, so it was not checked.`,
      );
    if (looksBinary(source))
      return unreadableResult(
        'The file looks binary (NUL or control bytes), not like TypeScript or JavaScript source.',
      );
    const file = parseNetFile(source, fileName);
    const rules = file.parseDiagnostics.length > 0 ? tolerantRules : [...tolerantRules, ...structureRules];
    const findings = rules.flatMap((rule) => rule(file)).sort(byPosition);
    const keys = [...new Set(declaration(file)?.keys.map((k) => k.key) ?? [])];
    return { findings, declaredHyperparameters: keys };
  } catch (error) {
    const detail =
      error instanceof RangeError
        ? 'it is nested too deeply to parse'
        : `the checker failed: ${error instanceof Error ? error.message : String(error)}`;
    return unreadableResult(`The file could not be checked: ${detail}.`);
  }
}
