/**
 * Exact deduplication as NNGPT does it: the MD5 of the code with all whitespace removed is both
 * the duplicate key and the variant's id, so reformatting never yields a "new" model.
 */
import { createHash } from 'node:crypto';

/** The id of a piece of code: hex MD5 of the code without any whitespace. */
export function codeId(code: string): string {
  return createHash('md5').update(code.replace(/\s+/g, ''), 'utf8').digest('hex');
}
