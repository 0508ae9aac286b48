/**
 * The LLM generator: renders the generate prompt (or the repair prompt with the last code and
 * its errors), sends it through the `LlmClient` port, and extracts the code from the reply. In
 * diff mode the reply is SEARCH/REPLACE blocks applied exactly to the seed; a block that does not
 * apply gets one repair prompt naming it, then the candidate is asked for as a whole file.
 */
import type { ChatMessage, LlmClient, LlmReply, LlmRequest } from '../llm/llmClient';
import type { EditOutcome, TokenUsage } from '../store/storeTypes';
import { extractCode, extractHyperparameterText } from './extractCode';
import type { BuiltPrompt, PromptPort } from './ports';
import { applySearchReplace, formatBlocks } from './searchReplace';
import type { Proposal, ProposeContext, VariantGenerator } from './variantGenerator';

/** How the LLM writes a candidate: a whole file, SEARCH/REPLACE blocks, or either by the seed's length. */
export type EditFormat = 'full' | 'diff' | 'auto';

/** Every edit format, for the parsers of flags and settings. */
export const editFormats: readonly EditFormat[] = ['full', 'diff', 'auto'];

/**
 * In `auto`, seeds of at least this many lines are edited as diffs: a whole-file rewrite of a
 * long Net costs the most tokens and most often drops a part, while a short one is cheap to
 * rewrite and leaves a diff little to anchor on.
 */
export const autoDiffMinLines = 60;

/** What the LLM generator is built from. */
export interface LlmGeneratorOptions {
  readonly client: LlmClient;
  readonly prompts: PromptPort;
  readonly decoding: Pick<LlmRequest, 'temperature' | 'topP' | 'maxTokens' | 'extraBody'>;
  /** Stream replies (progress shows the text as it comes); default true. */
  readonly stream?: boolean;
  /** Default 'full'. */
  readonly editFormat?: EditFormat;
}

/** Whether a first try from `seedCode` asks for a diff. */
export function usesDiff(format: EditFormat, seedCode: string): boolean {
  return format === 'diff' || (format === 'auto' && seedCode.split('\n').length >= autoDiffMinLines);
}

/** A `VariantGenerator` that asks an LLM. */
export function createLlmGenerator(options: LlmGeneratorOptions): VariantGenerator {
  const ask = async (prompt: BuiltPrompt, context: ProposeContext, usage: UsageSum): Promise<LlmReply> => {
    const reply = await options.client.complete({
      messages: prompt.messages,
      ...options.decoding,
      stream: options.stream ?? true,
      signal: context.signal,
      onDelta: context.onDelta,
    });
    usage.add(reply);
    return reply;
  };
  return {
    kind: 'llm',
    async propose(context: ProposeContext): Promise<Proposal> {
      const usage = new UsageSum();
      const diff = context.previous === undefined && usesDiff(options.editFormat ?? 'full', context.seed.code);
      if (diff) return proposeDiff(options.prompts, context, (p) => ask(p, context, usage), usage);
      const { prompt, lineage } = buildPrompt(options.prompts, context, false);
      const reply = await ask(prompt, context, usage);
      return { ...fromReply(reply, lineage), editOutcome: context.previous ? undefined : 'full', usage: usage.total };
    },
  };
}

/** Diff, then one diff repair naming the failed block, then a whole file. */
async function proposeDiff(
  prompts: PromptPort,
  context: ProposeContext,
  ask: (prompt: BuiltPrompt) => Promise<LlmReply>,
  usage: UsageSum,
): Promise<Proposal> {
  const parent = context.seed.code;
  const { prompt, lineage } = buildPrompt(prompts, context, true);
  const first = await ask(prompt);
  let edit = applySearchReplace(parent, first.text);
  let reply = first;
  let outcome: EditOutcome = 'diff applied';
  if (!edit.ok) {
    reply = await ask(prompts.diffRepair({ code: parent, blocks: formatBlocks(edit.blocks), problem: edit.message }));
    edit = applySearchReplace(parent, reply.text);
    outcome = 'diff repaired';
  }
  if (edit.ok) {
    return {
      reply: reply.text,
      code: edit.code,
      hyperparameterText: extractHyperparameterText(reply.text) ?? extractHyperparameterText(first.text),
      ...lineage,
      editOutcome: outcome,
      usage: usage.total,
    };
  }
  const full = buildPrompt(prompts, context, false);
  const whole = await ask(full.prompt);
  return { ...fromReply(whole, full.lineage), editOutcome: 'diff failed → full', usage: usage.total };
}

function fromReply(reply: LlmReply, lineage: Pick<Proposal, 'promptHash' | 'prompt' | 'snippets'>): Proposal {
  const extracted = extractCode(reply.text, reply.finishReason);
  const base = { reply: reply.text, ...lineage };
  return extracted.ok
    ? { ...base, code: extracted.code, hyperparameterText: extracted.hyperparameterText }
    : { ...base, problem: extracted.message };
}

/** Adds up what each request of one proposal cost; undefined when the server reported nothing. */
class UsageSum {
  private sum: { promptTokens: number; completionTokens: number } | undefined;
  add(reply: LlmReply): void {
    if (!reply.usage) return;
    this.sum ??= { promptTokens: 0, completionTokens: 0 };
    this.sum.promptTokens += reply.usage.promptTokens;
    this.sum.completionTokens += reply.usage.completionTokens;
  }
  get total(): TokenUsage | undefined {
    return this.sum ? { ...this.sum } : undefined;
  }
}

/**
 * First try: the generate prompt. A try after rejected code: the repair prompt with that code.
 * A try after a reply without usable code: the generate prompt again, with that reply and the
 * problem appended as a conversation, since there is no code to repair.
 */
function buildPrompt(
  prompts: PromptPort,
  context: ProposeContext,
  diffEdit: boolean,
): { prompt: BuiltPrompt; lineage: Pick<Proposal, 'promptHash' | 'prompt' | 'snippets'> } {
  const { previous } = context;
  if (previous?.code !== undefined) {
    const prompt = prompts.repair({
      code: previous.code,
      errors: previous.problems,
      attempt: context.attempt - 1,
      maxAttempts: context.maxAttempts - 1,
    });
    return {
      prompt,
      lineage: { promptHash: previous.promptHash, prompt: previous.prompt, snippets: previous.snippets },
    };
  }
  const generated = prompts.generate({
    seedCode: context.seed.code,
    seedAccuracy: context.seed.accuracy,
    k: context.k,
    randomSeed: context.randomSeed,
    inspirations: context.learned?.inspirations,
    failures: context.learned?.failures,
    diffEdit,
  });
  const text = (role: ChatMessage['role']) =>
    generated.messages
      .filter((m) => m.role === role)
      .map((m) => m.content)
      .join('\n\n');
  const lineage = {
    promptHash: generated.hash,
    prompt: { system: text('system'), user: text('user') },
    snippets: generated.snippetIds,
  };
  if (!previous) return { prompt: generated, lineage };
  const problems = previous.problems.map((p) => (typeof p === 'string' ? p : p.message)).join('\n');
  const messages: ChatMessage[] = [
    ...generated.messages,
    { role: 'assistant', content: previous.reply },
    { role: 'user', content: `${problems}\nReply again in the required format.` },
  ];
  return { prompt: { messages, hash: generated.hash }, lineage };
}
