/**
 * `nngpt check <files…>`: runs the Net-API checker over files and prints one line per finding
 * (`file:line:col severity code message`), or a JSON array with `--json`. `--fix` applies every
 * safe quick fix in place first. Exit code: 1 when an error remains, 2 on bad usage, else 0.
 */
import { promises as fs } from 'node:fs';
import { fixAll } from '../core/netApi/applyFixes';
import { checkNet, defaultMaxBytes, unreadableResult } from '../core/netApi/checkNet';
import type { CheckResult } from '../core/netApi/checkNet';
import type { Finding } from '../core/netApi/finding';
import { offsetToLineColumn } from '../core/netApi/position';

const help = `usage: nngpt check [options] <file...>

Checks TensorFlow.js Net files (.ts, .js) against the Net API.

options:
  --json             print a JSON array: one entry per file with its findings
  --fix              apply every safe quick fix in place, then report what remains
  --max-bytes <n>    skip files larger than n bytes (default ${defaultMaxBytes})
  -h, --help         show this help

exit code: 1 when any error remains, 2 on a usage error, 0 otherwise`;

interface Options {
  json: boolean;
  fix: boolean;
  maxBytes: number;
  files: string[];
}

/** One checked file, as printed. */
interface FileReport {
  file: string;
  result: CheckResult;
  source: string;
  applied: string[];
}

function parseArgs(args: readonly string[]): Options | string {
  const options: Options = { json: false, fix: false, maxBytes: defaultMaxBytes, files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--fix') options.fix = true;
    else if (arg === '--max-bytes') {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value <= 0)
        return `--max-bytes needs a positive whole number, got '${args[i] ?? ''}'`;
      options.maxBytes = value;
    } else if (arg === '--') {
      options.files.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('-')) return `unknown option '${arg}'`;
    else options.files.push(arg);
  }
  return options.files.length === 0 ? 'no files given' : options;
}

/** Reads a file as text; a missing, unreadable or oversized file becomes an unreadable-file result. */
async function load(file: string, maxBytes: number): Promise<{ source: string } | { result: CheckResult }> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { result: unreadableResult(`Cannot check '${file}': it is not a regular file.`) };
    if (stat.size > maxBytes)
      return {
        result: unreadableResult(`The file is larger than ${maxBytes} bytes (${stat.size}); it was not checked.`),
      };
    return { source: await fs.readFile(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : error instanceof Error
            ? error.message
            : String(error);
    return { result: unreadableResult(`Cannot read '${file}': ${why}.`) };
  }
}

/** Writes beside the file and renames over it, so an interrupted --fix never leaves half a file. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.nngpt-fix`;
  await fs.writeFile(temp, text, 'utf8');
  await fs.rename(temp, file);
}

async function checkFile(file: string, options: Options): Promise<FileReport> {
  const loaded = await load(file, options.maxBytes);
  if ('result' in loaded) return { file, result: loaded.result, source: '', applied: [] };
  const check = { maxBytes: options.maxBytes };
  if (!options.fix) return { file, result: checkNet(loaded.source, file, check), source: loaded.source, applied: [] };
  const fixed = fixAll(loaded.source, file, check);
  if (fixed.applied.length > 0) {
    try {
      await writeAtomically(file, fixed.source);
    } catch (error) {
      process.stderr.write(
        `${file}: could not write the fixes: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return { file, result: checkNet(loaded.source, file, check), source: loaded.source, applied: [] };
    }
  }
  const result = checkNet(fixed.source, file, check);
  return { file, result, source: fixed.source, applied: fixed.applied };
}

function located(source: string, f: Finding): { line: number; column: number; endLine: number; endColumn: number } {
  const start = offsetToLineColumn(source, f.range.start);
  const end = offsetToLineColumn(source, f.range.end);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function asJson(reports: readonly FileReport[]): string {
  const entries = reports.map((r) => ({
    file: r.file,
    ...(r.result.skipped ? { skipped: r.result.skipped } : {}),
    ...(r.applied.length > 0 ? { applied: r.applied } : {}),
    declaredHyperparameters: r.result.declaredHyperparameters,
    findings: r.result.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      range: f.range,
      ...located(r.source, f),
      fixes: f.fixes.map((x) => ({ title: x.title, safe: x.safe })),
    })),
  }));
  return JSON.stringify(entries, null, 2);
}

function asText(reports: readonly FileReport[]): string[] {
  const lines: string[] = [];
  for (const r of reports) {
    for (const title of r.applied) lines.push(`${r.file}: fixed: ${title}`);
    for (const f of r.result.findings) {
      const { line, column } = located(r.source, f);
      lines.push(`${r.file}:${line}:${column} ${f.severity} ${f.code} ${f.message.replace(/\s*\n\s*/g, ' ')}`);
    }
  }
  return lines;
}

/** Runs `nngpt check` with the arguments after `check`; resolves to the exit code. */
export async function runCheck(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(help + '\n');
    return 0;
  }
  const options = parseArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`nngpt check: ${options}\n\n${help}\n`);
    return 2;
  }
  const reports: FileReport[] = [];
  for (const file of options.files) reports.push(await checkFile(file, options));
  const all = reports.flatMap((r) => r.result.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  if (options.json) process.stdout.write(asJson(reports) + '\n');
  else {
    const lines = asText(reports);
    if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
    const fixed = reports.reduce((n, r) => n + r.applied.length, 0);
    const summary = `${errors} error(s), ${all.length - errors} other finding(s) in ${reports.length} file(s)${options.fix ? `; ${fixed} fix(es) applied` : ''}`;
    process.stderr.write(summary + '\n');
  }
  return errors > 0 ? 1 : 0;
}
