/**
 * What the generate pipeline needs from the rest of the core, as small interfaces: the
 * pipeline is tested with the real checker and fakes for the rest, and the host, the CLI and
 * the cycle wire in the real prompt assembly, trainer and novelty index.
 */
import type { ChatMessage } from '../llm/llmClient';
import type { Finding } from '../netApi/finding';
import type { PromptInspiration } from '../prompts/promptPlaceholderValues';

/** The static Net-API check (src/core/netApi: checkNet + fixAll fit it as they are). */
export interface StaticChecker {
  check(
    source: string,
    fileName: string,
  ): { readonly findings: readonly Finding[]; readonly declaredHyperparameters: readonly string[] };
  fixAll(
    source: string,
    fileName: string,
  ): { readonly source: string; readonly applied: readonly string[]; readonly remaining: readonly Finding[] };
}

/** The trainer's dynamic check (build, forward, 3 timed training batches) of code that passed the static check. */
export type ExecutionCheck = (
  source: string,
  fileName: string,
  signal?: AbortSignal,
) => Promise<{ ok: true } | { ok: false; message: string }>;

/** How new a valid variant is against what the store already holds. */
export interface NoveltyVerdict {
  readonly verdict: 'novel' | 'near-duplicate' | 'duplicate';
  /** The closest known model and its estimated Jaccard similarity. */
  readonly nearest?: { readonly id: string; readonly similarity: number };
}

/** Exact dedup (MD5 of whitespace-free code) and MinHash near-duplicate lookup. */
export interface NoveltyJudge {
  judge(code: string): NoveltyVerdict | Promise<NoveltyVerdict>;
}

/** A rendered prompt and the hash stored with the variant's lineage. */
export interface BuiltPrompt {
  readonly messages: readonly ChatMessage[];
  readonly hash: string;
}

/** Builds the generate and repair prompts (templates + snippet retrieval live behind it). */
export interface PromptPort {
  generate(input: {
    readonly seedCode: string;
    readonly seedAccuracy?: number;
    readonly k: number;
    readonly randomSeed: number;
    readonly inspirations?: readonly PromptInspiration[];
    readonly failures?: readonly string[];
    /** Ask for SEARCH/REPLACE blocks against the seed. */
    readonly diffEdit?: boolean;
  }): BuiltPrompt & { readonly snippetIds: readonly string[] };
  repair(input: {
    readonly code: string;
    readonly errors: readonly (Finding | string)[];
    readonly attempt: number;
    readonly maxAttempts: number;
  }): BuiltPrompt;
  /** Names the SEARCH/REPLACE block that did not apply to `code`, and asks for blocks that do. */
  diffRepair(input: { readonly code: string; readonly blocks: string; readonly problem: string }): BuiltPrompt;
}

/** The offline mutation generator: one seeded AST transform of a Net. */
export type MutateFn = (
  source: string,
  fileName: string,
  options: { readonly randomSeed: number },
) => { readonly source: string; readonly description: string; readonly snippets?: readonly string[] };
