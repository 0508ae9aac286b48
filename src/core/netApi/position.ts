/**
 * Offset ↔ line/column conversion for findings. Offsets are UTF-16 code units (what JS strings
 * and the TypeScript compiler use); lines and columns are 1-based, as the CLI and editors print them.
 */

/** The few most recent line tables: the CLI and tests convert many offsets of one text in a row. */
const cache: { source: string; starts: readonly number[] }[] = [];
const cacheSize = 4;

/** Offsets where each line of `source` starts (after `\n`, `\r\n` or a lone `\r`), cached per text. */
export function lineStarts(source: string): readonly number[] {
  const hit = cache.find((entry) => entry.source === source);
  if (hit) return hit.starts;
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (source.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  cache.unshift({ source, starts });
  if (cache.length > cacheSize) cache.pop();
  return starts;
}

/** 1-based line and column of a UTF-16 offset; offsets outside the text are clamped to it. */
export function offsetToLineColumn(source: string, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, source.length));
  const starts = lineStarts(source);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= clamped) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: clamped - starts[low] + 1 };
}
