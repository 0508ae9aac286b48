// Shared by the store tests: a fresh temp folder per test and a small Net-like code sample.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A new empty folder under the OS temp dir; removed by the returned cleanup. */
export function tempDir(prefix = 'nngpt-store-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For the enclosing `describe`: a fresh folder and a store path in it for every test, removed after
 * it. Read `dir` and `file` inside the tests (they change per test).
 */
export function storeFileEachTest(name = 'history.sqlite'): { readonly dir: string; readonly file: string } {
  const current = { dir: '', file: '', cleanup: () => undefined as void };
  beforeEach(() => {
    const made = tempDir();
    Object.assign(current, { dir: made.dir, file: path.join(made.dir, name), cleanup: made.cleanup });
  });
  afterEach(() => current.cleanup());
  return current;
}

/** Distinct code for variant `n`. */
export function sampleCode(n: number): string {
  return `export class Net {\n  forward(x) { return tf.layers.dense({ units: ${n} }).apply(x); }\n}\n`;
}
