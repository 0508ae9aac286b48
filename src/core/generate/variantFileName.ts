/**
 * Where a variant is written: beside its seed as `<name>.v<N><ext>`, N the next free number
 * among the seed's existing variants, so a variant of a variant (`cnn.v2.net.ts`) becomes
 * `cnn.v3.net.ts` and never overwrites anything.
 */

/** The seed's stem and extension: `cnn.v2.net.ts` → `cnn` and `.net.ts`. */
export function splitNetFileName(fileName: string): { stem: string; ext: string } {
  const match = /^(.*?)(?:\.v\d+)?((?:\.net)?\.[cm]?[jt]sx?)$/i.exec(fileName);
  return match ? { stem: match[1], ext: match[2] } : { stem: fileName, ext: '' };
}

/** The next variant's base name for the seed `fileName` (a base name), given the names already in its folder. */
export function nextVariantFileName(fileName: string, existing: readonly string[]): string {
  const { stem, ext } = splitNetFileName(fileName);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${escape(stem)}\\.v(\\d+)${escape(ext)}$`, 'i');
  const taken = new Set(existing.map((name) => pattern.exec(name)?.[1]).filter((n): n is string => n !== undefined).map(Number));
  let n = 1;
  while (taken.has(n)) n++;
  return `${stem}.v${n}${ext}`;
}
