import { detectFamily } from '../retrieve/detectFamily';
import { estimateMessageTokens } from '../retrieve/estimateTokens';
import { indexToDrop, retrieveSnippets } from '../retrieve/retrieveSnippets';
import type { Snippet } from '../retrieve/snippet';
import type { PromptTemplate } from './promptTemplate';
import { generatePromptVars, type GenerateInput, type PromptInspiration } from './promptPlaceholderValues';
import { renderPrompt, type RenderedPrompt } from './renderPrompt';

/** How many snippets to retrieve and how much room the prompt has. */
export interface AssembleOptions {
  /** Snippets to retrieve: 1..10, default 5. */
  readonly k?: number;
  /** Retrieval's random seed: same seed → same snippets → same prompt hash. */
  readonly randomSeed: number;
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
  /** The inspirations the prompt carries, as shown (some with their layer summary instead of their code). */
  readonly inspirations: PromptInspiration[];
  /** True when even the prompt without snippets and inspirations exceeds the budget (the seed Net is too long). */
  readonly overBudget: boolean;
}

/**
 * Renders the generate template with k snippets retrieved from `library`, leaving out the seed's
 * family, and fits it to the budget: snippets go first (largest first), since the search's own
 * measured Nets teach more than generic blocks; then inspirations are shown by their layer
 * summary instead of their code, the last first; then they are dropped, the last first.
 */
export function assembleGeneratePrompt(
  template: PromptTemplate,
  library: readonly Snippet[],
  input: GenerateInput,
  options: AssembleOptions,
): AssembledPrompt {
  const seedFamily = input.seedFamily ?? detectFamily(input.seedCode);
  const inspirations = [...(input.inspirations ?? [])];
  const withFamily = (): GenerateInput => ({ ...input, seedFamily, inspirations });
  const render = (snippets: readonly Snippet[]): RenderedPrompt => renderPrompt(template, generatePromptVars(withFamily(), snippets));
  const fixedTokens = estimateMessageTokens(render([]).messages);
  const retrieval = retrieveSnippets(library, { k: options.k, randomSeed: options.randomSeed, excludeFamily: seedFamily, tokenBudget: options.tokenBudget, fixedTokens });
  const snippets = [...retrieval.snippets];
  const dropped = [...retrieval.dropped];
  let prompt = render(snippets);
  const over = () => options.tokenBudget !== undefined && estimateMessageTokens(prompt.messages) > options.tokenBudget;
  // Section headings around the snippets cost a few tokens retrieval could not see; re-check the whole text.
  while (over() && snippets.length > 0) {
    dropped.push(snippets.splice(indexToDrop(snippets), 1)[0].id);
    prompt = render(snippets);
  }
  for (let i = inspirations.length - 1; i >= 0 && over(); i--) {
    if (inspirations[i].code === undefined) continue;
    inspirations[i] = { ...inspirations[i], code: undefined };
    prompt = render(snippets);
  }
  while (over() && inspirations.length > 0) {
    inspirations.pop();
    prompt = render(snippets);
  }
  const estimatedTokens = estimateMessageTokens(prompt.messages);
  return { ...prompt, snippets, dropped, estimatedTokens, seedFamily, inspirations, overBudget: options.tokenBudget !== undefined && estimatedTokens > options.tokenBudget };
}
