/**
 * A snippet is one building block of the library in `snippets/`: a TF.js function whose file
 * opens with a metadata comment that retrieval reads:
 *
 *   /**
 *    * @snippet
 *    * family: resnet
 *    * tags: residual, skip-connection, batch-norm
 *    * description: ResNet basic block: two 3×3 convolutions and an identity shortcut.
 *    *\/
 */
import { z } from 'zod';

/** One building block retrieval can put into a prompt. */
export interface Snippet {
  /** The file's base name, e.g. `squeezeExcitation`; unique within a library. */
  readonly id: string;
  /** The architecture family, e.g. `resnet`; the seed Net's own family is excluded from prompts. */
  readonly family: string;
  /** Lower-case keywords, e.g. `attention`, `depthwise`. */
  readonly tags: readonly string[];
  /** One line saying what the block does. */
  readonly description: string;
  /** The TypeScript source without the metadata comment. */
  readonly code: string;
}

const slug = /^[a-z][a-z0-9-]*$/;

const headerSchema = z.strictObject({
  family: z.string().regex(slug, 'a lower-case name like "resnet" or "mlp-mixer"'),
  tags: z.array(z.string().regex(slug, 'lower-case words joined by "-"')).min(1, 'at least one tag'),
  description: z.string().min(10, 'a one-line description of at least 10 characters'),
});

const headerPattern = /^\s*\/\*\*\s*\n\s*\*\s*@snippet\s*\n([\s\S]*?)\*\/[ \t]*\r?\n?/;

/**
 * Parses one snippet file. `id` is its base name; `source` names it in errors.
 * Throws an Error naming the file and the bad field when the metadata is missing or invalid.
 */
export function parseSnippet(id: string, text: string, source: string): Snippet {
  const match = headerPattern.exec(text);
  if (!match) {
    throw new Error(
      `${source}: no metadata header; a snippet must open with a /** @snippet family/tags/description */ comment`,
    );
  }
  const fields: Record<string, unknown> = {};
  for (const rawLine of match[1].split(/\r?\n/)) {
    const line = rawLine.replace(/^\s*\*?\s?/, '').trim();
    if (line === '') {
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      throw new Error(`${source}: metadata line "${line}" is not "key: value"`);
    }
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    fields[key] =
      key === 'tags'
        ? value
            .split(',')
            .map((t) => t.trim())
            .filter((t) => t !== '')
        : value;
  }
  const parsed = headerSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length > 0 ? issue.path.join('.') : 'header';
    throw new Error(`${source}: metadata field "${field}": ${issue.message}`);
  }
  return { id, ...parsed.data, code: text.slice(match[0].length).trim() + '\n' };
}
