/**
 * The SEARCH/REPLACE reply that turns a parent Net into a child Net: what a diff-mode prompt
 * should have been answered with, for the fine-tune corpus. The blocks come from a line diff
 * (longest common subsequence) of the two files; each changed run of lines becomes one block,
 * widened by the lines around it until its SEARCH text occurs exactly once in the code as it
 * stands when the block is applied, since that is the rule the generator applies replies by
 * (`applySearchReplace`). The caller checks the result by applying it.
 */

/** A changed run: parent lines [a0, a1) become child lines [b0, b1). */
interface Hunk {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/** Above this many cells the line table is not built and no reply is made (Nets are a few hundred lines). */
const maxTableCells = 4_000_000;

/** The changed runs between two line lists, in order, or undefined when they are too long to compare. */
function lineHunks(a: readonly string[], b: readonly string[]): Hunk[] | undefined {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  if (n * m > maxTableCells) return undefined;
  // lcs[i][j]: common lines of a[start+i..endA) and b[start+j..endB), filled from the end.
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = a[start + i] === b[start + j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const hunks: Hunk[] = [];
  let open: Hunk | undefined;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      open = undefined;
      i++;
      j++;
      continue;
    }
    if (!open) hunks.push((open = { a0: start + i, a1: start + i, b0: start + j, b1: start + j }));
    if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) open.b1 = start + ++j;
    else open.a1 = start + ++i;
  }
  return hunks;
}

function occurrences(text: string, part: string): number {
  let n = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) n++;
  return n;
}

/**
 * The reply, or undefined when there is nothing to edit (the same code) or no exact blocks can be
 * written (files too long to compare, or every widening still matches twice).
 */
export function searchReplaceReply(parent: string, child: string): string | undefined {
  const a = parent.replace(/\r\n/g, '\n').split('\n');
  const b = child.replace(/\r\n/g, '\n').split('\n');
  const hunks = lineHunks(a, b);
  if (!hunks || hunks.length === 0) return undefined;
  const blocks: string[] = [];
  for (let k = 0; k < hunks.length; k++) {
    const h = { ...hunks[k] };
    // The code as this block finds it: the child up to the hunk, the parent from it on.
    const working = () => [...b.slice(0, h.b0), ...a.slice(h.a0)];
    let before = 0;
    let after = 0;
    for (;;) {
      const lines = working();
      const from = h.b0 - before;
      const to = h.b0 + (h.a1 - h.a0) + after;
      const search = lines.slice(from, to).join('\n');
      // A block that only deletes needs a line of context: an empty REPLACE would leave the line break.
      const deletesOnly = h.b0 === h.b1 && before + after === 0;
      if (!deletesOnly && search.trim() !== '' && occurrences(lines.join('\n'), search) === 1) {
        const replace = [...lines.slice(from, h.b0), ...b.slice(h.b0, h.b1), ...lines.slice(h.b0 + (h.a1 - h.a0), to)];
        blocks.push(`<<<<<<< SEARCH\n${search}\n=======\n${replace.join('\n')}\n>>>>>>> REPLACE`);
        break;
      }
      const canUp = from > 0;
      const canDown = h.a1 + after < a.length;
      if (!canUp && !canDown) return undefined;
      // Widen by one line at a time, alternately above and below, so the block stays about its change.
      if (canUp && (before <= after || !canDown)) before++;
      else {
        after++;
        // Reaching the next change takes it in: the lines between are the same in both files.
        const next = hunks[k + 1];
        if (next && h.a1 + after > next.a0) {
          h.a1 = next.a1;
          h.b1 = next.b1;
          hunks.splice(k + 1, 1);
          after = 0;
        }
      }
    }
  }
  return blocks.join('\n\n');
}
