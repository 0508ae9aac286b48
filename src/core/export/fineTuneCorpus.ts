/**
 * The fine-tune corpus, as the novelty-loop paper ("From Memorization to Creativity")
 * builds its LoRA data: one chat-format example per admitted
 * variant — a system message casting the model as a Net designer under the API contract, a user
 * message with the task, and the variant's code as the assistant's answer. Variants that carry
 * the prompt their generator used keep it; the others get a short deterministic prompt built
 * from their parent's code, so the same store always exports the same bytes. A stored prompt that
 * asked for SEARCH/REPLACE blocks (the reply was a diff) is answered with the blocks that turn the
 * parent into the variant, not with the whole file it never asked for; a variant whose blocks
 * cannot be written exactly is left out and counted.
 */
import { applySearchReplace } from '../generate/searchReplace';
import type { HistoryStore } from '../store/historyStore';
import type { EditOutcome, PromptUsed, VariantRecord, VariantStatus } from '../store/storeTypes';
import { searchReplaceReply } from './searchReplaceReply';

/** One JSONL line of the corpus (the OpenAI / Hugging Face chat format). */
export interface ChatExample {
  readonly messages: readonly [
    { role: 'system'; content: string },
    { role: 'user'; content: string },
    { role: 'assistant'; content: string },
  ];
}

/** Which variants go in. */
export interface CorpusFilter {
  /** Keep variants whose best completed run reached at least this accuracy (a fraction in [0, 1]). */
  readonly minAccuracy?: number;
  /** Inclusive cycle range; variants outside any cycle are left out when a range is given. */
  readonly cycleFrom?: number;
  readonly cycleTo?: number;
  /** Statuses that count as admitted (default: `admitted`). */
  readonly statuses?: readonly VariantStatus[];
  /**
   * Task descriptions for derived prompts, one example each (the novelty-loop paper pairs every Net with
   * "MNIST (28×28 grayscale)" and "CIFAR-10 (32×32 RGB)"). Default: the dataset of the variant's
   * best run. Variants with a stored prompt keep that one prompt.
   */
  readonly tasks?: readonly string[];
}

/** The corpus and what was left out by the accuracy filter. */
export interface Corpus {
  readonly examples: ChatExample[];
  /** The variant of each example (a variant repeats when several tasks are asked for). */
  readonly variantIds: string[];
  readonly belowAccuracy: number;
  /** Examples whose diff-mode prompt is answered with SEARCH/REPLACE blocks. */
  readonly diffReplies: number;
  /** Diff-mode variants left out: the parent is not in the store, or no exact blocks give the variant's code. */
  readonly diffSkipped: number;
}

/** The edit outcomes whose stored prompt asked for SEARCH/REPLACE blocks ('diff failed → full' kept the full prompt). */
const diffPromptOutcomes: readonly EditOutcome[] = ['diff applied', 'diff repaired'];

/**
 * The blocks that turn `parent` into `variant`, checked by applying them as the generator does;
 * undefined when there is no parent or they do not give exactly the variant's code.
 */
export function diffReplyFor(variant: VariantRecord, parent: VariantRecord | undefined): string | undefined {
  if (!parent) return undefined;
  const reply = searchReplaceReply(parent.code, variant.code);
  if (reply === undefined) return undefined;
  const applied = applySearchReplace(parent.code, reply);
  const same = (x: string) => x.replace(/\r\n/g, '\n');
  return applied.ok && same(applied.code) === same(variant.code) ? reply : undefined;
}

const systemPrompt = [
  'You are an expert TensorFlow.js neural-architecture designer. You write one TypeScript module that',
  'implements the Net API: `supportedHyperparameters()` returning a literal list of hyperparameter names',
  '(every value in [0, 1]), and an exported `class Net` with `constructor(inShape, outShape, prm, device)`,',
  '`forward(x, training)` returning logits, `trainSetup(prm)` that sets `this.optimizer` and `this.criteria`,',
  'and `async learn(trainData)` that trains one epoch. Import only TF.js; no I/O, no pretrained weights.',
  'Aim for the highest accuracy after a single training epoch. Answer with the code only.',
].join(' ');

/** The prompt for a variant without a stored one: the task, plus the parent's code when known. */
export function derivedPrompt(taskName: string | undefined, parent: VariantRecord | undefined): PromptUsed {
  const task = `Design a Net for ${taskName ?? 'image'} classification (inputs NHWC, logits for every class).`;
  const user = parent
    ? `${task} Start from this Net and change its architecture by adding, removing or reordering layers:\n\n${parent.code.trim()}\n`
    : `${task} Write a new architecture.`;
  return { system: systemPrompt, user };
}

/** Builds the corpus from a store. */
export function buildCorpus(store: HistoryStore, filter: CorpusFilter = {}): Corpus {
  const rows = store.listVariants({
    statuses: filter.statuses ?? ['admitted'],
    cycleFrom: filter.cycleFrom,
    cycleTo: filter.cycleTo,
  });
  const examples: ChatExample[] = [];
  const variantIds: string[] = [];
  let belowAccuracy = 0;
  let diffReplies = 0;
  let diffSkipped = 0;
  for (const { variant, bestAccuracy } of rows) {
    if (filter.minAccuracy !== undefined && (bestAccuracy === null || bestAccuracy < filter.minAccuracy)) {
      belowAccuracy++;
      continue;
    }
    const parent = variant.parentId ? store.getVariant(variant.parentId) : undefined;
    let answer = variant.code;
    if (variant.prompt && variant.editOutcome && diffPromptOutcomes.includes(variant.editOutcome)) {
      const reply = diffReplyFor(variant, parent);
      if (reply === undefined) {
        diffSkipped++;
        continue;
      }
      answer = reply;
      diffReplies++;
    }
    const prompts = variant.prompt
      ? [variant.prompt]
      : (filter.tasks?.length ? filter.tasks : [datasetOf(store, variant.id)]).map((task) =>
          derivedPrompt(task, parent),
        );
    for (const prompt of prompts) {
      examples.push({
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
          { role: 'assistant', content: answer },
        ],
      });
      variantIds.push(variant.id);
    }
  }
  return { examples, variantIds, belowAccuracy, diffReplies, diffSkipped };
}

/** The dataset of the variant's best completed run, if any. */
function datasetOf(store: HistoryStore, variantId: string): string | undefined {
  const completed = store.listRuns({ variantId, statuses: ['completed'] });
  completed.sort((a, b) => (b.testAccuracy ?? -1) - (a.testAccuracy ?? -1));
  return completed[0]?.dataset;
}

/** The corpus as JSONL text: one example per line, newline-terminated. */
export function toJsonl(examples: readonly ChatExample[]): string {
  return examples.map((e) => `${JSON.stringify(e)}\n`).join('');
}
