/**
 * The prompt-template format (one YAML file per template) and its load-time checks.
 *
 * ```yaml
 * description: Ask for a new Net derived from a seed.
 * system:                 # lines of the system message
 *   - You design neural networks …
 * outputRules:            # appended to the system message
 *   - Reply with exactly one ```typescript block.
 * user:                   # lines of the user message
 *   - "Dataset: {dataset}, one image is {inputShape}."
 *   - when: seedAccuracy  # a section kept only when the variable is present
 *     lines: ["Measured first-epoch accuracy: {seedAccuracy}."]
 *   - unless: seedAccuracy
 *     lines: ["The seed has not been trained yet."]
 * ```
 * `{name}` is a placeholder; `{{` and `}}` write literal braces; any other brace is literal.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PROMPT_VARIABLES, type PromptName } from './promptPlaceholders';

const lines = z.array(z.string()).min(1, 'at least one line');
const lineSchema = z.union([
  z.string(),
  z.strictObject({ when: z.string(), lines }),
  z.strictObject({ unless: z.string(), lines }),
]);

const templateSchema = z.strictObject({
  description: z.string().min(1, 'a non-empty description'),
  system: z.array(lineSchema).min(1, 'at least one line'),
  outputRules: z.array(lineSchema).default([]),
  user: z.array(lineSchema).min(1, 'at least one line'),
});

/** A line of a template: plain text, or a section kept only when a variable is (or is not) present. */
export type TemplateLine = z.infer<typeof lineSchema>;

/** A loaded, checked template. */
export interface PromptTemplate {
  readonly name: PromptName;
  /** The file it came from, for error messages and the UI. */
  readonly source: string;
  readonly description: string;
  readonly system: readonly TemplateLine[];
  readonly outputRules: readonly TemplateLine[];
  readonly user: readonly TemplateLine[];
}

/** `{{`, `}}`, or a `{placeholder}`; group 1 is the placeholder's name. */
export const PLACEHOLDER = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Parses and checks the YAML text of template `name`. Throws an Error starting with `source`
 * and naming the field for bad YAML, a schema violation, or an unknown placeholder / variable.
 */
export function parsePromptTemplate(name: PromptName, text: string, source: string): PromptTemplate {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new Error(`${source}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = templateSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: field "${fieldPath(issue.path) || '(root)'}": ${issue.message}`);
  }
  const template: PromptTemplate = { name, source, ...parsed.data };
  const known = new Set(Object.keys(PROMPT_VARIABLES[name]));
  for (const field of ['system', 'outputRules', 'user'] as const) {
    template[field].forEach((line, i) => checkLine(line, `${field}[${i}]`, known, source));
  }
  return template;
}

function checkLine(line: TemplateLine, where: string, known: ReadonlySet<string>, source: string): void {
  const unknown = (what: string, name: string): Error =>
    new Error(`${source}: field "${where}": unknown ${what} "${name}" (known: ${[...known].join(', ')})`);
  if (typeof line !== 'string') {
    const variable = 'when' in line ? line.when : line.unless;
    if (!known.has(variable)) {
      throw unknown('variable', variable);
    }
  }
  for (const text of typeof line === 'string' ? [line] : line.lines) {
    for (const match of text.matchAll(PLACEHOLDER)) {
      if (match[1] !== undefined && !known.has(match[1])) {
        throw unknown('placeholder', `{${match[1]}}`);
      }
    }
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}
