/**
 * SEARCH/REPLACE edits (the diff format of Aider, OpenEvolve and NNGPT's delta mode): the LLM
 * answers with blocks
 *
 * ```
 * <<<<<<< SEARCH
 * lines copied exactly from the parent
 * =======
 * the lines that replace them
 * >>>>>>> REPLACE
 * ```
 *
 * applied to the parent in order. A block applies only when its SEARCH text occurs exactly once
 * in the code as it stands: no fuzzy matching, because a guess at where an edit was meant would
 * change code nobody asked to change. A block that does not apply is named, so the repair prompt
 * can say which one and why.
 */
import { stripThinking } from './extractCode';

/** One edit. */
export interface SearchReplaceBlock {
  readonly search: string;
  readonly replace: string;
}

/** The blocks were applied. */
export interface EditApplied {
  readonly ok: true;
  readonly code: string;
  readonly blocks: readonly SearchReplaceBlock[];
}

/** No block, a malformed one, or one that does not match; `message` is addressed to the model. */
export interface EditFailed {
  readonly ok: false;
  /** 1-based number of the block that failed; absent when the reply had no usable block at all. */
  readonly block?: number;
  readonly blocks: readonly SearchReplaceBlock[];
  readonly message: string;
}

const open = /^[ \t]*<{5,9}[ \t]*SEARCH[ \t]*$/;
const divider = /^[ \t]*={5,9}[ \t]*$/;
const close = /^[ \t]*>{5,9}[ \t]*REPLACE[ \t]*$/;

/** The blocks of a reply, or why they cannot be read. */
export function parseSearchReplace(
  reply: string,
): { ok: true; blocks: SearchReplaceBlock[] } | { ok: false; message: string } {
  const lines = stripThinking(reply).replace(/\r\n/g, '\n').split('\n');
  const blocks: SearchReplaceBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!open.test(lines[i])) continue;
    const n = blocks.length + 1;
    const mid = lines.findIndex((l, j) => j > i && divider.test(l));
    const end = lines.findIndex((l, j) => j > i && close.test(l));
    const nextOpen = lines.findIndex((l, j) => j > i && open.test(l));
    if (mid < 0 || end < 0 || end < mid || (nextOpen >= 0 && nextOpen < end)) {
      return {
        ok: false,
        message: `SEARCH/REPLACE block ${n} is not closed: write '<<<<<<< SEARCH', the lines to find, '=======', the new lines, then '>>>>>>> REPLACE'.`,
      };
    }
    blocks.push({ search: lines.slice(i + 1, mid).join('\n'), replace: lines.slice(mid + 1, end).join('\n') });
    i = end;
  }
  if (blocks.length === 0)
    return {
      ok: false,
      message:
        "The reply has no SEARCH/REPLACE block. Answer with blocks of the form '<<<<<<< SEARCH' … '=======' … '>>>>>>> REPLACE'.",
    };
  return { ok: true, blocks };
}

/** Applies the reply's blocks to `parent`, each exactly and in order. */
export function applySearchReplace(parent: string, reply: string): EditApplied | EditFailed {
  const parsed = parseSearchReplace(reply);
  if (!parsed.ok) return { ok: false, blocks: [], message: parsed.message };
  const crlf = parent.includes('\r\n');
  let code = crlf ? parent.replace(/\r\n/g, '\n') : parent;
  for (const [i, block] of parsed.blocks.entries()) {
    const n = i + 1;
    if (block.search.trim() === '')
      return {
        ok: false,
        block: n,
        blocks: parsed.blocks,
        message: `Block ${n} has an empty SEARCH part; copy the lines to replace from the Net.`,
      };
    const at = code.indexOf(block.search);
    if (at < 0)
      return {
        ok: false,
        block: n,
        blocks: parsed.blocks,
        message: `Block ${n}'s SEARCH text does not occur in the Net${n > 1 ? ' (after blocks 1–' + (n - 1) + ' were applied)' : ''}; copy it character for character, indentation included.`,
      };
    if (code.indexOf(block.search, at + 1) >= 0)
      return {
        ok: false,
        block: n,
        blocks: parsed.blocks,
        message: `Block ${n}'s SEARCH text occurs ${occurrences(code, block.search)} times in the Net; include more lines so it matches one place.`,
      };
    code = code.slice(0, at) + block.replace + code.slice(at + block.search.length);
  }
  return { ok: true, code: crlf ? code.replace(/\n/g, '\r\n') : code, blocks: parsed.blocks };
}

function occurrences(text: string, part: string): number {
  let n = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) n++;
  return n;
}

/** The blocks as the model wrote them, for a repair prompt. */
export function formatBlocks(blocks: readonly SearchReplaceBlock[]): string {
  return blocks
    .map((b, i) => `Block ${i + 1}:\n<<<<<<< SEARCH\n${b.search}\n=======\n${b.replace}\n>>>>>>> REPLACE`)
    .join('\n\n');
}
