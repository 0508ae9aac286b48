import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSnippet, type Snippet } from './snippet';

/**
 * Loads every `*.ts` file of `dir` (not recursive, `*.test.ts` and `*.d.ts` skipped) as a
 * snippet, sorted by id so the order never depends on the file system.
 * Throws when the folder cannot be read or a file's metadata is invalid (the error names the file).
 */
export function loadSnippetLibrary(dir: string): Snippet[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    throw new Error(`cannot read the snippet library ${dir}: ${(error as Error).message}`);
  }
  return names
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      return parseSnippet(path.basename(name, '.ts'), fs.readFileSync(file, 'utf8'), file);
    });
}
