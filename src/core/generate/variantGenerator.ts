/**
 * One interface over the two ways to get a candidate Net — an LLM reply or an offline AST
 * mutation — so the pipeline (and the cycle) treat them alike: propose, check, maybe propose
 * again with the problems of the last try.
 */
import type { Finding } from '../netApi/finding';
import type { PromptInspiration } from '../prompts/promptPlaceholderValues';
import type { EditOutcome, TokenUsage } from '../store/storeTypes';

/** The generate prompt's system and user text (what a fine-tune example pairs with the code). */
export interface GeneratePrompt {
  readonly system: string;
  readonly user: string;
}

/** Which generator made a variant; stored with its lineage. */
export type GeneratorKind = 'llm' | 'mutation';

/** The Net a variant is derived from. */
export interface SeedNet {
  readonly code: string;
  /** Decides TS vs JS parsing; the variant is checked under the same name. */
  readonly fileName: string;
  /** Measured first-epoch accuracy in [0, 1], when known. */
  readonly accuracy?: number;
}

/** What the search has learned that a prompt made from this seed should carry. */
export interface LearnedContext {
  /** Top and diverse elites of the archive, best first (not the seed itself). */
  readonly inspirations: readonly PromptInspiration[];
  /** Why the last candidates made from this seed failed, newest first. */
  readonly failures: readonly string[];
}

/** The last rejected try, for a repair. */
export interface PreviousTry {
  readonly reply: string;
  /** The extracted (and auto-fixed) code, when there was any. */
  readonly code?: string;
  readonly problems: readonly (Finding | string)[];
  /** Its lineage, which a repair of it inherits. */
  readonly promptHash?: string;
  readonly prompt?: GeneratePrompt;
  readonly snippets: readonly string[];
}

/** Everything one proposal may use. */
export interface ProposeContext {
  readonly seed: SeedNet;
  /** 1 for the first try. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly previous?: PreviousTry;
  /** Snippets to retrieve. */
  readonly k: number;
  /** Seed for retrieval and mutation, so a run can be repeated. */
  readonly randomSeed: number;
  /** Inspirations and failures from the search (the LLM generator's prompt carries them). */
  readonly learned?: LearnedContext;
  readonly signal?: AbortSignal;
  /** Streamed reply text as it arrives. */
  readonly onDelta?: (text: string) => void;
}

/** One candidate. Without `code`, `problem` says why (worded for the repair prompt). */
export interface Proposal {
  /** The raw LLM reply, or the mutation's description. */
  readonly reply: string;
  readonly code?: string;
  readonly hyperparameterText?: string;
  readonly problem?: string;
  /** The hash of the prompt the candidate descends from (a repair keeps the generate prompt's). */
  readonly promptHash?: string;
  /** That prompt's text, kept with the variant for the fine-tune corpus. */
  readonly prompt?: GeneratePrompt;
  /** Snippet ids that went into the prompt or the mutation. */
  readonly snippets: readonly string[];
  readonly description?: string;
  /** How the LLM wrote the code (LLM generator only). */
  readonly editOutcome?: EditOutcome;
  /** Tokens this proposal's requests cost, when the server reported them. */
  readonly usage?: TokenUsage;
}

/** Makes candidates. Throws `LlmError` (or any Error) when it cannot make one at all. */
export interface VariantGenerator {
  readonly kind: GeneratorKind;
  propose(context: ProposeContext): Promise<Proposal>;
}
