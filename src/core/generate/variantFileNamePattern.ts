import { splitNetFileName } from './netFileNameParts';

/**
 * The file name of a new variant from the user's pattern: `{stem}` is the seed's name without its
 * `.vN` and extension, `{n}` the first number not taken in `existing`; the seed's extension
 * (`.net.ts`) is kept. Throws when the pattern could overwrite files or leave the folder.
 */
export function patternedVariantFileName(pattern: string, seedFileName: string, existing: readonly string[]): string {
  if (!pattern.includes('{n}'))
    throw new Error(`the variant file-name pattern "${pattern}" needs {n}, or every variant would get the same name`);
  if (/[\\/]|\.\./.test(pattern))
    throw new Error(`the variant file-name pattern "${pattern}" may not contain path separators or ".."`);
  const { stem, ext } = splitNetFileName(seedFileName);
  const taken = new Set(existing.map((name) => name.toLowerCase()));
  for (let n = 1; ; n++) {
    const name = pattern.replace(/\{stem\}/g, stem).replace(/\{n\}/g, String(n)) + ext;
    if (!taken.has(name.toLowerCase())) return name;
  }
}
