/**
 * Applying quick fixes to text: one fix's edits at a time (`applyEdits`), or every safe fix until
 * none is left (`fixAll`), re-checking after each so later fixes see the earlier ones' result.
 */
import { checkNet } from './checkNet';
import type { CheckOptions } from './checkNet';
import type { Finding, Fix, TextEdit } from './finding';

/** Applies edits that refer to the same original text. Throws RangeError when two edits overlap or leave the text. */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.range.start - b.e.range.start || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const { e } of sorted) {
    const { start, end } = e.range;
    if (start < cursor || end < start || end > source.length)
      throw new RangeError(`Edit [${start}, ${end}) overlaps another edit or lies outside the text.`);
    out += source.slice(cursor, start) + e.newText;
    cursor = end;
  }
  return out + source.slice(cursor);
}

/** What `fixAll` did. */
export interface FixAllResult {
  readonly source: string;
  /** Titles of the fixes applied, in order. */
  readonly applied: string[];
  /** Findings left in the fixed text. */
  readonly remaining: Finding[];
}

/** More rounds than any real file needs; stops a fix that does not remove its finding from looping. */
const maxRounds = 100;

/** Findings whose fix removes a declaration go last: a fix that adds code may still read the key. */
const lastCodes = new Set(['net-api/unused-hyperparameter', 'net-api/duplicate-hyperparameter']);

/** The first safe fix, structural repairs before declaration clean-ups. */
function nextFix(findings: readonly Finding[]): Fix | undefined {
  const ordered = [...findings.filter((f) => !lastCodes.has(f.code)), ...findings.filter((f) => lastCodes.has(f.code))];
  return ordered.flatMap((f) => f.fixes).find((f) => f.safe);
}

/** Applies safe fixes one at a time, re-checking in between, until no finding has a safe fix. */
export function fixAll(source: string, fileName: string, options?: CheckOptions): FixAllResult {
  const applied: string[] = [];
  const seen = new Set<string>([source]);
  let text = source;
  let result = checkNet(text, fileName, options);
  for (let round = 0; round < maxRounds; round++) {
    const fix = nextFix(result.findings);
    if (!fix) break;
    let next: string;
    try {
      next = applyEdits(text, fix.edits);
    } catch {
      break;
    }
    if (seen.has(next)) break;
    seen.add(next);
    applied.push(fix.title);
    text = next;
    result = checkNet(text, fileName, options);
  }
  return { source: text, applied, remaining: result.findings };
}
