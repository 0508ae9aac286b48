/**
 * The offline generator (NNGPT's NNAlter, without an LLM): applies 1–3 seeded AST mutations to a
 * Net, at least one of them structural (numbers and strings alone leave a near-duplicate), adds
 * structural ones while the variant is still close to its parent (at most 6 in all), then re-checks the result with the Net-API checker after its safe fixes. Invalid results are
 * retried with other choices, a bounded number of times, and never returned.
 */
import type { NetFile } from '../netApi/netFile';
import { parseNetFile } from '../netApi/netFile';
import { fixAll } from '../netApi/applyFixes';
import { seededRandom } from '../retrieve/seededRandom';
import { normalizedTokens } from '../novelty/netTokenizer';
import { exactJaccard, shingleHashes } from '../novelty/shingles';
import type { Mutation, MutationContext, Operator } from './operator';
import { shuffled } from './operator';
import type { InlineBlock, SnippetSource } from './snippetBlock';
import { prepareBlock } from './snippetBlock';
import { activationOperator, dropoutRateOperator, kernelOperator, widthOperator } from './ops/settingOps';
import { duplicateLayerOperator, insertLayerOperator, removeLayerOperator } from './ops/stackOps';
import {
  duplicateSiteOperator,
  insertAfterSiteOperator,
  insertBlockOperator,
  removeSiteOperator,
  residualOperator,
} from './ops/functionalOps';

/** Options of `mutateNet`. */
export interface MutateOptions {
  /** Same random seed, same source, same snippets → same variant. */
  readonly randomSeed: number;
  /** Blocks that may be inlined (the snippet library, or the retrieved subset). */
  readonly snippets?: readonly SnippetSource[];
  /** How many candidate variants to try before giving up (default 20, at most 1000). */
  readonly maxTries?: number;
  /**
   * Structural mutations are added (up to 6 in all) until the variant's Jaccard similarity to the
   * parent, on the novelty module's shingles, is below this (default 0.85: under the 0.90
   * near-duplicate threshold with room for MinHash's estimation error).
   */
  readonly maxParentSimilarity?: number;
}

/** A valid variant and what was changed. */
export interface MutateSuccess {
  readonly source: string;
  /** Human-readable changes in order, e.g. "conv2d#2 filters 32→48". */
  readonly mutations: string[];
  /** Ids of the snippets whose blocks were inlined (for the variant's lineage). */
  readonly snippets: string[];
}

/** Why no variant could be produced. */
export interface MutateFailure {
  readonly error: string;
}

/** The operators and their weights; structural ones dominate because they are what makes a variant novel. */
const OPERATORS: readonly { readonly op: Operator; readonly weight: number }[] = [
  { op: widthOperator, weight: 2 },
  { op: kernelOperator, weight: 1 },
  { op: activationOperator, weight: 1 },
  { op: dropoutRateOperator, weight: 1 },
  { op: insertLayerOperator, weight: 2 },
  { op: removeLayerOperator, weight: 1 },
  { op: duplicateLayerOperator, weight: 2 },
  { op: insertAfterSiteOperator, weight: 2 },
  { op: duplicateSiteOperator, weight: 2 },
  { op: removeSiteOperator, weight: 1 },
  { op: residualOperator, weight: 2 },
  { op: insertBlockOperator, weight: 3 },
];

/** Most mutations in one variant; the novelty top-up stops here. */
const MAX_MUTATIONS = 6;

function similarityTo(parent: Uint32Array, code: string): number {
  return exactJaccard(parent, shingleHashes(normalizedTokens(code)));
}

/** Operators in a seeded order where heavier ones tend to come first (weighted shuffle by repeated draws). */
function orderedOperators(random: () => number, structuralOnly: boolean): Operator[] {
  const pool = OPERATORS.filter((o) => !structuralOnly || o.op.structural).flatMap((o) =>
    Array<Operator>(o.weight).fill(o.op),
  );
  return [...new Set(shuffled(random, pool))];
}

function applyOne(
  source: string,
  fileName: string,
  context: MutationContext,
  structuralOnly: boolean,
): { mutation: Mutation; structural: boolean } | undefined {
  const file: NetFile = parseNetFile(source, fileName);
  for (const op of orderedOperators(context.random, structuralOnly)) {
    const mutation = op.propose(file, context);
    if (mutation && mutation.source !== source) return { mutation, structural: op.structural };
  }
  return undefined;
}

/** Errors the checker still reports after its safe fixes, as one line; '' when the variant is valid. */
function remainingErrors(source: string, fileName: string): { source: string; fixes: string[]; error: string } {
  const fixed = fixAll(source, fileName);
  const errors = fixed.remaining.filter((f) => f.severity === 'error');
  return { source: fixed.source, fixes: fixed.applied, error: errors.map((f) => `${f.code}: ${f.message}`).join('; ') };
}

/** Prepares the usable blocks; snippets that cannot be inlined safely are skipped. */
function usableBlocks(snippets: readonly SnippetSource[]): InlineBlock[] {
  return snippets.map(prepareBlock).filter((b): b is InlineBlock => typeof b !== 'string');
}

/**
 * A seeded variant of the Net in `source`. `fileName` decides TypeScript vs JavaScript output.
 * Returns `{ error }` (never throws) for unusable input or when `maxTries` candidates all fail.
 */
export function mutateNet(source: string, fileName: string, options: MutateOptions): MutateSuccess | MutateFailure {
  if (!Number.isFinite(options.randomSeed)) return { error: `seed must be a finite number, got ${options.randomSeed}` };
  const maxTries = options.maxTries ?? 20;
  if (!Number.isInteger(maxTries) || maxTries < 1 || maxTries > 1000)
    return { error: `maxTries must be an integer from 1 to 1000, got ${maxTries}` };
  let parsed: NetFile;
  try {
    parsed = parseNetFile(source, fileName);
  } catch (e) {
    return { error: `cannot parse ${fileName}: ${(e as Error).message}` };
  }
  if (parsed.parseDiagnostics.length > 0)
    return {
      error: `cannot mutate ${fileName}: it does not parse (${parsed.parseDiagnostics[0].messageText.toString()})`,
    };
  const context: MutationContext = {
    random: seededRandom(options.randomSeed),
    blocks: usableBlocks(options.snippets ?? []),
  };
  const parentShingles = shingleHashes(normalizedTokens(source));
  const maxSimilarity = options.maxParentSimilarity ?? 0.85;
  let lastProblem = 'no operator applies to this Net';
  let similarButValid: MutateSuccess | undefined;
  for (let attempt = 0; attempt < maxTries; attempt++) {
    const count = 1 + Math.floor(context.random() * 3);
    let current = source;
    let structural = false;
    const mutations: string[] = [];
    const used = new Set<string>();
    const step = (structuralOnly: boolean): boolean => {
      const applied = applyOne(current, fileName, context, structuralOnly);
      if (!applied) return false;
      current = applied.mutation.source;
      structural ||= applied.structural;
      mutations.push(applied.mutation.description);
      if (applied.mutation.snippetId) used.add(applied.mutation.snippetId);
      return true;
    };
    try {
      for (let i = 0; i < count; i++) if (!step(i === count - 1 && !structural)) break;
      // Numbers and strings are invisible to near-duplicate detection: add structure until the variant is novel.
      while (structural && mutations.length < MAX_MUTATIONS && similarityTo(parentShingles, current) >= maxSimilarity) {
        if (!step(true)) break;
      }
    } catch (e) {
      // An operator met code it cannot edit (e.g. overlapping edits): that candidate is dropped, the next one tried.
      lastProblem = `${mutations.join('; ')} → ${(e as Error).message}`;
      continue;
    }
    if (!structural) continue;
    const checked = remainingErrors(current, fileName);
    if (checked.error) {
      lastProblem = `${mutations.join('; ')} → ${checked.error}`;
      continue;
    }
    const variant = {
      source: checked.source,
      mutations: [...mutations, ...checked.fixes.map((f) => `fix: ${f}`)],
      snippets: [...used],
    };
    if (similarityTo(parentShingles, variant.source) < maxSimilarity) return variant;
    similarButValid ??= variant;
    lastProblem = `${mutations.join('; ')} → still a near-duplicate of the parent`;
  }
  // A valid variant close to its parent beats none: the caller's novelty check reports it as such.
  if (similarButValid) return similarButValid;
  return { error: `no valid variant of ${fileName} after ${maxTries} tries; last: ${lastProblem}` };
}
