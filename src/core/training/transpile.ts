/**
 * Turns a Net's source (TypeScript or JavaScript, ES module syntax) into CommonJS for the trainer's
 * sandbox, with an inline source map so errors name the author's lines. It runs on the host side
 * because the sandboxed trainer may not spawn esbuild's binary. esbuild's `transform` is used where
 * its package is installed (it cannot be bundled); TypeScript's `transpileModule` otherwise, e.g.
 * in a packaged extension.
 */
import type { transform as esbuildTransform } from 'esbuild';
import * as ts from 'typescript';

/** The transpiled code, or a syntax error phrased for the user and for an LLM repair prompt. */
export type TranspileResult = { ok: true; code: string } | { ok: false; message: string };

type EsbuildTransform = typeof esbuildTransform;

function loadEsbuild(): EsbuildTransform | undefined {
  try {
    // Lazy and by name: esbuild is external to the bundles and absent from a packaged extension.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('esbuild') as { transform: EsbuildTransform }).transform;
  } catch {
    return undefined;
  }
}

async function withEsbuild(transform: EsbuildTransform, source: string, fileName: string): Promise<TranspileResult> {
  const loader = /\.[cm]?js$/.test(fileName) ? 'js' : 'ts';
  try {
    const out = await transform(source, {
      loader,
      format: 'cjs',
      target: 'es2022',
      sourcefile: fileName,
      sourcemap: 'inline',
    });
    return { ok: true, code: out.code };
  } catch (e) {
    const errors = (e as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors;
    if (!errors?.length) throw e;
    const lines = errors.map(
      (er) => `${fileName}${er.location ? `:${er.location.line}:${er.location.column + 1}` : ''}: ${er.text}`,
    );
    return { ok: false, message: `The Net does not parse: ${lines.join('; ')}` };
  }
}

function withTypeScript(source: string, fileName: string): TranspileResult {
  const out = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      inlineSourceMap: true,
      esModuleInterop: true,
    },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length === 0) return { ok: true, code: out.outputText };
  const lines = errors.map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return `${fileName}${at ? `:${at.line + 1}:${at.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
  return { ok: false, message: `The Net does not parse: ${lines.join('; ')}` };
}

/** Transpiles to CommonJS (esbuild, else TypeScript); never throws. */
export async function transpileNet(source: string, fileName: string, preferEsbuild = true): Promise<TranspileResult> {
  try {
    const transform = preferEsbuild ? loadEsbuild() : undefined;
    return transform ? await withEsbuild(transform, source, fileName) : withTypeScript(source, fileName);
  } catch (e) {
    return { ok: false, message: `The Net could not be transpiled: ${(e as Error).message}` };
  }
}
