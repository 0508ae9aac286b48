import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Where a cycle keeps its trained candidates: `<dir>/<name>.net.ts`, next to the history (so the
 * workspace is not flooded with files), each a Net file the tree can open and diff.
 */
export function saveVariantsIn(dir: string): (code: string, name: string) => Promise<string> {
  return async (code, name) => {
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, `${name}.net.ts`);
    await fs.writeFile(file, code, 'utf8');
    return file;
  };
}

/** The variants folder beside a history store file. */
export function variantsDirFor(storePath: string): string {
  return path.join(path.dirname(storePath), 'variants');
}
