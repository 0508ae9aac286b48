/**
 * Turns a Net's source (TypeScript or JavaScript, ES module syntax) into CommonJS for the trainer's
 * sandbox. It runs on the host side because the sandboxed trainer may not spawn esbuild's binary.
 */
import { transform } from 'esbuild';

/** The transpiled code, or a syntax error phrased for the user and for an LLM repair prompt. */
export type TranspileResult = { ok: true; code: string } | { ok: false; message: string };

/** Transpiles with esbuild's `transform` (loader from the file name, format cjs, no bundling). */
export async function transpileNet(source: string, fileName: string): Promise<TranspileResult> {
  const loader = /\.[cm]?js$/.test(fileName) ? 'js' : 'ts';
  try {
    const out = await transform(source, { loader, format: 'cjs', target: 'es2022', sourcefile: fileName, sourcemap: 'inline' });
    return { ok: true, code: out.code };
  } catch (e) {
    const errors = (e as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors;
    if (errors?.length) {
      const lines = errors.map((er) => `${fileName}${er.location ? `:${er.location.line}:${er.location.column + 1}` : ''}: ${er.text}`);
      return { ok: false, message: `The Net does not parse: ${lines.join('; ')}` };
    }
    return { ok: false, message: `The Net could not be transpiled: ${(e as Error).message}` };
  }
}
