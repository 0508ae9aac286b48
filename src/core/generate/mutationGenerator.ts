/**
 * The offline generator: a seeded AST mutation of the seed Net, no LLM and no key. A rejected
 * mutation is not repaired; the next try mutates the seed again with the next seed value.
 */
import { mutateNet } from '../mutate/mutateNet';
import type { SnippetSource } from '../mutate/snippetBlock';
import type { MutateFn } from './ports';
import type { Proposal, ProposeContext, VariantGenerator } from './variantGenerator';

/** A `VariantGenerator` over the mutation helper's function. */
export function createMutationGenerator(mutate: MutateFn): VariantGenerator {
  return {
    kind: 'mutation',
    async propose(context: ProposeContext): Promise<Proposal> {
      const randomSeed = context.randomSeed + context.attempt - 1;
      try {
        const mutated = mutate(context.seed.code, context.seed.fileName, { randomSeed });
        return {
          reply: mutated.description,
          code: mutated.source,
          description: mutated.description,
          snippets: mutated.snippets ?? [],
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { reply: '', problem: `The mutation (seed ${randomSeed}) failed: ${message}`, snippets: [] };
      }
    },
  };
}

/** The mutation helper's `mutateNet` as a `MutateFn`, drawing blocks from `snippets`. */
export function libraryMutate(snippets: readonly SnippetSource[]): MutateFn {
  return (source, fileName, { randomSeed }) => {
    const result = mutateNet(source, fileName, { randomSeed, snippets });
    if ('error' in result) throw new Error(result.error);
    return { source: result.source, description: result.mutations.join('; '), snippets: result.snippets };
  };
}
