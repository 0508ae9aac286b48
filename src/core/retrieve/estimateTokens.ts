/**
 * The one token estimate every context-budget decision uses. No tokenizer ships with the
 * extension (endpoints differ: OpenAI, DeepSeek, Qwen through vLLM…), so we count characters:
 * BPE tokenizers average about 3.5 characters per token on TypeScript code and a little more on
 * English prose, so dividing by 3.5 slightly over-counts prose — the safe side for a budget.
 */

/** Characters per token assumed for code and prompt text. */
export const CHARS_PER_TOKEN = 3.5;

/** Tokens a chat API adds per message for the role and framing (OpenAI documents 3–4). */
export const TOKENS_PER_MESSAGE = 4;

/** Estimated tokens of `text`: ⌈length / 3.5⌉. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Estimated tokens of a chat prompt: each message's content plus its framing. */
export function estimateMessageTokens(messages: readonly { readonly content: string }[]): number {
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + TOKENS_PER_MESSAGE, 0);
}
