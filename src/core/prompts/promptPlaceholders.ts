/**
 * The placeholders each prompt template may use. A template naming any other placeholder fails
 * to load, so a typo in a workspace override is caught at once instead of reaching the LLM as
 * literal "{seedCod}". The values are filled in by promptPlaceholderValues.ts.
 */

/** The task placeholders the repair and diff-repair templates share, described once. */
const repairTaskVariables = {
  task: 'the task, e.g. "image classification"',
  dataset: 'the dataset name',
  inputShape: 'one image as [height, width, channels]',
  outputShape: 'the logits per image',
  paramBudget: 'the most trainable parameters allowed',
} as const;

/** Placeholder name → what the generator fills in, per template. */
export const PROMPT_VARIABLES = {
  generate: {
    task: 'the task, e.g. "image classification"',
    dataset: 'the dataset name, e.g. "CIFAR-10"',
    inputShape: 'one image as [height, width, channels], e.g. "[32, 32, 3]"',
    outputShape: 'the logits per image, e.g. "[10]"',
    numClasses: 'the number of classes, e.g. "10"',
    paramBudget: 'the most trainable parameters allowed, e.g. "500,000"',
    seedCode: "the seed Net's source",
    seedAccuracy: "the seed's measured first-epoch accuracy, e.g. \"41.3%\"; absent when not trained yet",
    seedFamily: "the seed's architecture family, e.g. \"vgg\"; absent when unknown",
    hyperparameters: "the keys the seed's supportedHyperparameters() returns, e.g. \"lr, momentum, dropout\"",
    snippets: 'the retrieved building blocks, formatted; absent when none',
    snippetCount: 'how many snippets the prompt carries',
    inspirations: "other measured Nets from the search's archive (accuracy, parameters, layers, code or a layer summary), formatted; absent when none",
    inspirationCount: 'how many inspirations the prompt carries',
    failures: "why the last candidates made from this seed failed (checker's or trainer's message), one per line; absent when none",
    diffEdit: "'yes' when the reply should be SEARCH/REPLACE blocks against the seed; absent for a whole file",
  },
  repair: {
    code: 'the code that failed',
    errors: 'the problems found, one per line',
    attempt: 'this repair attempt, from 1',
    maxAttempts: 'the most repair attempts',
    ...repairTaskVariables,
  },
  diffRepair: {
    code: 'the seed Net the blocks were meant for',
    blocks: 'the SEARCH/REPLACE blocks the model wrote, numbered',
    problem: 'which block did not apply and why',
    ...repairTaskVariables,
  },
} as const satisfies Record<string, Record<string, string>>;

/** The names of the prompt templates: one YAML file each in `prompts/`. */
export type PromptName = keyof typeof PROMPT_VARIABLES;

/** Values for a template's placeholders; undefined (or '' in a `when`) means absent. */
export type PromptVars = Readonly<Record<string, string | number | undefined>>;

/** The template names, in a stable order. */
export const PROMPT_NAMES = Object.keys(PROMPT_VARIABLES) as PromptName[];

/** True when `name` is a template this version knows. */
export function isPromptName(name: string): name is PromptName {
  return Object.prototype.hasOwnProperty.call(PROMPT_VARIABLES, name);
}
