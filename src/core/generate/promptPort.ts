/**
 * The `PromptPort` over the prompt templates and snippet retrieval (src/core/prompts,
 * src/core/retrieve): the task context is fixed per session, the seed and attempt vary.
 */
import { assembleGeneratePrompt } from '../prompts/assembleGeneratePrompt';
import type { PromptTemplates } from '../prompts/loadPromptTemplates';
import type { GenerateInput } from '../prompts/promptPlaceholderValues';
import { diffRepairPromptVars, repairPromptVars } from '../prompts/promptPlaceholderValues';
import { renderPrompt } from '../prompts/renderPrompt';
import type { Snippet } from '../retrieve/snippet';
import type { PromptPort } from './ports';

/** The task every prompt of a session describes (the seed-independent part of the generate input). */
export type PromptTask = Pick<GenerateInput, 'task' | 'dataset' | 'inShape' | 'outShape' | 'paramBudget'> & {
  /** Tokens the prompt may take (the model's context minus max tokens); snippets are dropped to fit. */
  readonly tokenBudget?: number;
};

/** A `PromptPort` rendering `templates` with snippets from `library`. */
export function createPromptPort(
  templates: PromptTemplates,
  library: readonly Snippet[],
  task: PromptTask,
): PromptPort {
  return {
    generate(input) {
      const assembled = assembleGeneratePrompt(
        templates.generate,
        library,
        {
          ...task,
          seedCode: input.seedCode,
          seedAccuracy: input.seedAccuracy,
          inspirations: input.inspirations,
          failures: input.failures,
          diffEdit: input.diffEdit,
        },
        { k: input.k, randomSeed: input.randomSeed, tokenBudget: task.tokenBudget },
      );
      return { messages: assembled.messages, hash: assembled.hash, snippetIds: assembled.snippets.map((s) => s.id) };
    },
    repair(input) {
      return renderPrompt(templates.repair, repairPromptVars({ ...task, ...input }));
    },
    diffRepair(input) {
      return renderPrompt(templates.diffRepair, diffRepairPromptVars({ ...task, ...input }));
    },
  };
}
