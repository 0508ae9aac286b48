import { snippetTokens } from './formatSnippet';
import { seededShuffle } from './seededRandom';
import type { Snippet } from './snippet';

/** How to pick snippets for one prompt. */
export interface RetrieveOptions {
  /** How many to pick: 1..10, default 5 (NN-Caption used 5 and 10). */
  readonly k?: number;
  /** The seed Net's family (see detectFamily); its snippets are never picked. */
  readonly excludeFamily?: string;
  /** Same random seed, same library → same picks. */
  readonly randomSeed: number;
  /** Whole-prompt token budget; snippets are dropped until the prompt fits. */
  readonly tokenBudget?: number;
  /** Tokens the prompt takes without any snippet (see estimateTokens). */
  readonly fixedTokens?: number;
}

/** What retrieval picked, what it dropped to fit the budget, and the estimated prompt size. */
export interface Retrieval {
  readonly snippets: Snippet[];
  /** Ids of picked snippets dropped to fit the token budget, in the order dropped. */
  readonly dropped: string[];
  /** fixedTokens plus the kept snippets' tokens. */
  readonly estimatedTokens: number;
}

/** Default number of snippets per prompt. */
export const DEFAULT_K = 5;
/** Most snippets per prompt: more hurt (the NNGPT paper, "Rethinking AutoML with Large Language Models": success falls from 100% with 1 to 0.2% with 6 when context overflows). */
export const MAX_K = 10;

/**
 * Picks up to k snippets at random (seeded), one per family first so a prompt shows varied
 * ideas, excluding `excludeFamily`; then, with a `tokenBudget`, drops snippets until
 * fixedTokens + snippets fits, rather than letting the prompt overflow the context.
 * Throws a RangeError for k outside 1..10, a non-finite seed, or a negative budget.
 */
export function retrieveSnippets(library: readonly Snippet[], options: RetrieveOptions): Retrieval {
  const k = options.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) {
    throw new RangeError(`k must be a whole number from 1 to ${MAX_K}, got ${k}`);
  }
  const fixedTokens = options.fixedTokens ?? 0;
  if (!(fixedTokens >= 0) || (options.tokenBudget !== undefined && !(options.tokenBudget > 0))) {
    throw new RangeError('tokenBudget must be positive and fixedTokens not negative');
  }
  const eligible = library
    .filter((s) => s.family !== options.excludeFamily)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const picked = familyFirst(seededShuffle(eligible, options.randomSeed)).slice(0, k);
  const dropped: string[] = [];
  let total = fixedTokens + picked.reduce((sum, s) => sum + snippetTokens(s), 0);
  while (options.tokenBudget !== undefined && total > options.tokenBudget && picked.length > 0) {
    const [gone] = picked.splice(indexToDrop(picked), 1);
    dropped.push(gone.id);
    total -= snippetTokens(gone);
  }
  return { snippets: picked, dropped, estimatedTokens: total };
}

/**
 * Which snippet to drop first when a prompt is over budget: the largest (it frees the most room
 * for the fewest lost ideas); among equals the one picked last. -1 for an empty list.
 */
export function indexToDrop(snippets: readonly Snippet[]): number {
  let best = -1;
  let bestTokens = -1;
  snippets.forEach((s, i) => {
    const tokens = snippetTokens(s);
    if (tokens >= bestTokens) {
      best = i;
      bestTokens = tokens;
    }
  });
  return best;
}

/** Keeps the order but moves each family's first snippet ahead of its second and later ones. */
function familyFirst(snippets: readonly Snippet[]): Snippet[] {
  const seen = new Set<string>();
  const firsts: Snippet[] = [];
  const rest: Snippet[] = [];
  for (const s of snippets) {
    (seen.has(s.family) ? rest : firsts).push(s);
    seen.add(s.family);
  }
  return [...firsts, ...rest];
}
