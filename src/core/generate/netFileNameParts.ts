/**
 * The parts of a Net file name that variant naming keeps: a variant of a variant
 * (`cnn.v2.net.ts`) shares the stem `cnn` with its seed, so numbering continues, never restarts.
 */

/** The seed's stem and extension: `cnn.v2.net.ts` → `cnn` and `.net.ts`. */
export function splitNetFileName(fileName: string): { stem: string; ext: string } {
  const match = /^(.*?)(?:\.v\d+)?((?:\.net)?\.[cm]?[jt]sx?)$/i.exec(fileName);
  return match ? { stem: match[1], ext: match[2] } : { stem: fileName, ext: '' };
}
