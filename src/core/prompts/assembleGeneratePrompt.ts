import { detectFamily } from '../retrieve/detectFamily';
import { estimateMessageTokens } from '../retrieve/estimateTokens';
import { indexToDrop, retrieveSnippets } from '../retrieve/retrieveSnippets';
import type { Snippet } from '../retrieve/snippet';
import type { PromptTemplate } from './promptTemplate';
import { generatePromptVars, type GenerateInput } from './promptVars';
import { renderPrompt, type RenderedPrompt } from './renderPrompt';

/** How many snippets to retrieve and how much room the prompt has. */
export interface AssembleOptions {
  /** Snippets to retrieve: 1..10, default 5. */
  readonly k?: number;
  /** Retrieval seed: same seed → same snippets → same prompt hash. */
  readonly seed: number;
  /** Tokens the prompt may take: the model's context minus the reply's max tokens. */
  readonly tokenBudget?: number;
}

/** A generate prompt ready to send, with what went into it. */
export interface AssembledPrompt extends RenderedPrompt {
  readonly snippets: Snippet[];
  /** Ids dropped to fit the budget. */
  readonly dropped: string[];
  /** estimateMessageTokens of the final messages. */
  readonly estimatedTokens: number;
  /** The family excluded from retrieval (input.seedFamily, else detected from the seed). */
  readonly seedFamily: string | undefined;
  /** True when even the prompt without snippets exceeds the budget (the seed Net is too long). */
  readonly overBudget: boolean;
}

/**
 * Renders the generate template with k snippets retrieved from `library`, leaving out the seed's
 * family and dropping snippets (largest first) until the whole rendered prompt fits the budget.
 */
export function assembleGeneratePrompt(
  template: PromptTemplate,
  library: readonly Snippet[],
  input: GenerateInput,
  options: AssembleOptions,
): AssembledPrompt {
  const seedFamily = input.seedFamily ?? detectFamily(input.seedCode);
  const withFamily: GenerateInput = { ...input, seedFamily };
  const render = (snippets: readonly Snippet[]): RenderedPrompt => renderPrompt(template, generatePromptVars(withFamily, snippets));
  const fixedTokens = estimateMessageTokens(render([]).messages);
  const retrieval = retrieveSnippets(library, { k: options.k, seed: options.seed, excludeFamily: seedFamily, tokenBudget: options.tokenBudget, fixedTokens });
  const snippets = [...retrieval.snippets];
  const dropped = [...retrieval.dropped];
  let prompt = render(snippets);
  // Section headings around the snippets cost a few tokens retrieval could not see; re-check the whole text.
  while (options.tokenBudget !== undefined && snippets.length > 0 && estimateMessageTokens(prompt.messages) > options.tokenBudget) {
    dropped.push(snippets.splice(indexToDrop(snippets), 1)[0].id);
    prompt = render(snippets);
  }
  const estimatedTokens = estimateMessageTokens(prompt.messages);
  return { ...prompt, snippets, dropped, estimatedTokens, seedFamily, overBudget: options.tokenBudget !== undefined && estimatedTokens > options.tokenBudget };
}
