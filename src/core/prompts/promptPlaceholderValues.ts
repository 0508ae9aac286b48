/**
 * Turns typed generator inputs into the strings the templates' placeholders take, so every
 * caller formats shapes, budgets and accuracies the same way (and prompt hashes stay stable). The
 * placeholders themselves are declared, per template, in promptPlaceholders.ts.
 */
import type { Finding } from '../netApi/finding';
import { formatSnippets } from '../retrieve/formatSnippet';
import type { Snippet } from '../retrieve/snippet';
import type { PromptVars } from './promptPlaceholders';

/** The task every template describes: the generate, repair and diff-repair inputs share it. */
export interface PromptTaskInput {
  /** e.g. "image classification". */
  readonly task: string;
  /** e.g. "CIFAR-10". */
  readonly dataset: string;
  /** One image as [height, width, channels]. */
  readonly inShape: readonly number[];
  /** Logits per image, e.g. [10]. */
  readonly outShape: readonly number[];
  /** The most trainable parameters a variant may have. */
  readonly paramBudget: number;
}

/** What a generate prompt is about, apart from the snippets. */
export interface GenerateInput extends PromptTaskInput {
  /** The seed Net's source. */
  readonly seedCode: string;
  /** The seed's measured first-epoch accuracy in [0, 1], when it has been trained. */
  readonly seedAccuracy?: number;
  /** The seed's family (see detectFamily), when known. */
  readonly seedFamily?: string;
  /** Other measured Nets to learn from (the search's top and diverse elites). */
  readonly inspirations?: readonly PromptInspiration[];
  /** Why recent candidates from this seed failed, newest first. */
  readonly failures?: readonly string[];
  /** Ask for SEARCH/REPLACE blocks against the seed instead of a whole file. */
  readonly diffEdit?: boolean;
}

/** A measured Net shown as an inspiration: with its code, or (to save room) its layer summary only. */
export interface PromptInspiration {
  readonly name: string;
  /** First-epoch accuracy in [0, 1]. */
  readonly accuracy: number;
  readonly paramCount: number;
  readonly family: string;
  /** e.g. "conv2d×4, maxPooling2d×2, dense×2". */
  readonly summary: string;
  /** Absent to show the summary alone. */
  readonly code?: string;
}

/** The longest failure message a prompt carries: the start of a stack says what went wrong. */
const maxFailureChars = 400;

/** The placeholder values of the generate template. */
export function generatePromptVars(input: GenerateInput, snippets: readonly Snippet[]): PromptVars {
  if (input.seedAccuracy !== undefined && !(input.seedAccuracy >= 0 && input.seedAccuracy <= 1)) {
    throw new RangeError(`seedAccuracy must lie in [0, 1], got ${input.seedAccuracy}`);
  }
  return {
    task: input.task,
    dataset: input.dataset,
    inputShape: shape(input.inShape),
    outputShape: shape(input.outShape),
    numClasses: input.outShape[0],
    paramBudget: count(input.paramBudget),
    seedCode: input.seedCode.trimEnd(),
    seedAccuracy: input.seedAccuracy === undefined ? undefined : `${(input.seedAccuracy * 100).toFixed(1)}%`,
    seedFamily: input.seedFamily,
    hyperparameters: declaredKeys(input.seedCode).join(', ') || undefined,
    snippets: formatSnippets(snippets) || undefined,
    snippetCount: snippets.length,
    inspirations: formatInspirations(input.inspirations ?? []) || undefined,
    inspirationCount: input.inspirations?.length ?? 0,
    failures: (input.failures ?? []).map((f) => `- ${oneLine(f)}`).join('\n') || undefined,
    diffEdit: input.diffEdit ? 'yes' : undefined,
  };
}

/** The inspirations section: a heading line each, then the code or the layer summary. */
export function formatInspirations(inspirations: readonly PromptInspiration[]): string {
  return inspirations
    .map((n) => {
      const head = `### ${n.name} (${n.family}): ${(n.accuracy * 100).toFixed(1)}% first-epoch accuracy, ${count(n.paramCount)} parameters`;
      return n.code === undefined ? `${head}\nLayers: ${n.summary || 'unknown'}` : `${head}\n\`\`\`typescript\n${n.code.trimEnd()}\n\`\`\``;
    })
    .join('\n\n');
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxFailureChars ? `${flat.slice(0, maxFailureChars - 1)}…` : flat;
}

/** What a diff-repair prompt needs. */
export interface DiffRepairInput extends PromptTaskInput {
  readonly code: string;
  readonly blocks: string;
  readonly problem: string;
}

/** The placeholder values of the diff-repair template. */
export function diffRepairPromptVars(input: DiffRepairInput): PromptVars {
  return { code: input.code.trimEnd(), blocks: input.blocks || '(none)', problem: input.problem, ...taskVars(input) };
}

/** The task placeholders the repair templates share. */
function taskVars(input: PromptTaskInput): PromptVars {
  return { task: input.task, dataset: input.dataset, inputShape: shape(input.inShape), outputShape: shape(input.outShape), paramBudget: count(input.paramBudget) };
}

/** What a repair prompt needs. */
export interface RepairInput extends PromptTaskInput {
  readonly code: string;
  /** Checker findings (located in `code`) or plain messages, e.g. from the execution check. */
  readonly errors: readonly (Finding | string)[];
  /** This attempt, from 1. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

/** The placeholder values of the repair template. */
export function repairPromptVars(input: RepairInput): PromptVars {
  if (input.errors.length === 0) {
    throw new Error('a repair prompt needs at least one error');
  }
  return {
    code: input.code.trimEnd(),
    errors: input.errors.map((e) => `- ${typeof e === 'string' ? e : located(e, input.code)}`).join('\n'),
    attempt: input.attempt,
    maxAttempts: input.maxAttempts,
    ...taskVars(input),
  };
}

function located(finding: Finding, code: string): string {
  const line = code.slice(0, finding.range.start).split('\n').length;
  return `line ${line}: ${finding.message} [${finding.code}]`;
}

function shape(dims: readonly number[]): string {
  return `[${dims.join(', ')}]`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The string keys in the literal `supportedHyperparameters()` returns; [] when it cannot tell. */
function declaredKeys(code: string): string[] {
  const body = /supportedHyperparameters\s*\([^)]*\)[^{]*\{[^}]*?return\s*\[([^\]]*)\]/.exec(code);
  return body ? [...body[1].matchAll(/['"`]([^'"`]+)['"`]/g)].map((m) => m[1]) : [];
}
