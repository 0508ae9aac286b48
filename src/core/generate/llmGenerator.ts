/**
 * The LLM generator: renders the generate prompt (or the repair prompt with the last code and
 * its errors), sends it through the `LlmClient` port, and extracts the code from the reply.
 */
import type { ChatMessage, LlmClient, LlmRequest } from '../llm/llmClient';
import { extractCode } from './extractCode';
import type { BuiltPrompt, PromptPort } from './ports';
import type { Proposal, ProposeContext, VariantGenerator } from './variantGenerator';

/** What the LLM generator is built from. */
export interface LlmGeneratorOptions {
  readonly client: LlmClient;
  readonly prompts: PromptPort;
  readonly decoding: Pick<LlmRequest, 'temperature' | 'topP' | 'maxTokens' | 'extraBody'>;
  /** Stream replies (progress shows the text as it comes); default true. */
  readonly stream?: boolean;
}

/** A `VariantGenerator` that asks an LLM. */
export function createLlmGenerator(options: LlmGeneratorOptions): VariantGenerator {
  return {
    kind: 'llm',
    async propose(context: ProposeContext): Promise<Proposal> {
      const { prompt, lineage } = buildPrompt(options.prompts, context);
      const reply = await options.client.complete({
        messages: prompt.messages,
        ...options.decoding,
        stream: options.stream ?? true,
        signal: context.signal,
        onDelta: context.onDelta,
      });
      const extracted = extractCode(reply.text, reply.finishReason);
      const base = { reply: reply.text, ...lineage };
      return extracted.ok ? { ...base, code: extracted.code, hyperparameterText: extracted.hyperparameterText } : { ...base, problem: extracted.message };
    },
  };
}

/**
 * First try: the generate prompt. A try after rejected code: the repair prompt with that code.
 * A try after a reply without usable code: the generate prompt again, with that reply and the
 * problem appended as a conversation, since there is no code to repair.
 */
function buildPrompt(prompts: PromptPort, context: ProposeContext): { prompt: BuiltPrompt; lineage: Pick<Proposal, 'promptHash' | 'prompt' | 'snippets'> } {
  const { previous } = context;
  if (previous?.code !== undefined) {
    const prompt = prompts.repair({ code: previous.code, errors: previous.problems, attempt: context.attempt - 1, maxAttempts: context.maxAttempts - 1 });
    return { prompt, lineage: { promptHash: previous.promptHash, prompt: previous.prompt, snippets: previous.snippets } };
  }
  const generated = prompts.generate({ seedCode: context.seed.code, seedAccuracy: context.seed.accuracy, k: context.k, seed: context.randomSeed });
  const text = (role: ChatMessage['role']) => generated.messages.filter((m) => m.role === role).map((m) => m.content).join('\n\n');
  const lineage = { promptHash: generated.hash, prompt: { system: text('system'), user: text('user') }, snippets: generated.snippetIds };
  if (!previous) return { prompt: generated, lineage };
  const problems = previous.problems.map((p) => (typeof p === 'string' ? p : p.message)).join('\n');
  const messages: ChatMessage[] = [...generated.messages, { role: 'assistant', content: previous.reply }, { role: 'user', content: `${problems}\nReply again in the required format.` }];
  return { prompt: { messages, hash: generated.hash }, lineage };
}
