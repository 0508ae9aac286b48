/**
 * Maps a line of the transpiled Net back to the line the author wrote, from the inline source map
 * esbuild attached, so error messages (and LLM repair prompts) point at the right line.
 */

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = base64.indexOf(ch);
    if (digit < 0) return values;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Generated line (1-based) → original line (1-based), from a `mappings` string. */
export function lineTable(mappings: string): Map<number, number> {
  const table = new Map<number, number>();
  let sourceLine = 0;
  mappings.split(';').forEach((line, i) => {
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields = decodeVlq(segment);
      if (fields.length < 4) continue;
      sourceLine += fields[2];
      if (!table.has(i + 1)) table.set(i + 1, sourceLine + 1);
    }
  });
  return table;
}

/** Reads the inline source map at the end of esbuild's output; an empty table when there is none. */
export function inlineLineTable(code: string): Map<number, number> {
  const match = code.match(/\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/);
  if (!match) return new Map();
  try {
    const map = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as { mappings?: string };
    return typeof map.mappings === 'string' ? lineTable(map.mappings) : new Map();
  } catch {
    return new Map();
  }
}
