/**
 * Builds the generator a session asks for — the offline mutation generator, or an LLM over any
 * OpenAI-compatible endpoint with the shipped (or workspace-overridden) prompt templates — from
 * plain settings. The extension, `nngpt generate` and `nngpt cycle` all build it here.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { DatasetInfo } from '../datasets/types';
import type { LlmSettings } from '../llm/llmClient';
import { decodingFrom } from '../llm/llmClient';
import { createOpenAiClient } from '../llm/openAiClient';
import { loadPromptTemplates } from '../prompts/loadPromptTemplates';
import { loadSnippetLibrary } from '../retrieve/loadSnippetLibrary';
import type { EditFormat } from './llmGenerator';
import { createLlmGenerator } from './llmGenerator';
import { createMutationGenerator, libraryMutate } from './mutationGenerator';
import { createPromptPort } from './promptPort';
import type { VariantGenerator } from './variantGenerator';

/** What a generator is built from. */
export interface GeneratorOptions {
  /** The folder holding the shipped `prompts/` and `snippets/`. */
  readonly resourcesDir: string;
  /** A workspace's `.nngpt/prompts` folder, whose templates win over the shipped ones. */
  readonly promptOverrideDir?: string;
  /**
   * Present for the LLM generator; absent for the offline mutation generator. `contextTokens` is the
   * model's context window: the prompt gets what the reply's `maxTokens` leaves of it, and
   * retrieved snippets are dropped to fit (the NNGPT paper: success collapses when the context overflows).
   */
  readonly llm?: {
    readonly settings: LlmSettings;
    readonly apiKey: string;
    readonly contextTokens?: number;
    readonly editFormat?: EditFormat;
  };
  readonly dataset: DatasetInfo;
  readonly paramBudget: number;
}

/** A context window most current chat models exceed; the setting raises it for larger ones. */
export const defaultContextTokens = 8192;

/** The generator, or throws an Error whose message says what is wrong (a bad template, a bad base URL). */
export function buildGenerator(options: GeneratorOptions): VariantGenerator {
  const library = loadSnippetLibrary(path.join(options.resourcesDir, 'snippets'));
  if (!options.llm) return createMutationGenerator(libraryMutate(library));
  const templates = loadPromptTemplates(path.join(options.resourcesDir, 'prompts'), options.promptOverrideDir);
  const { dataset } = options;
  const prompts = createPromptPort(templates, library, {
    task: 'image classification',
    dataset: dataset.title,
    inShape: [dataset.height, dataset.width, dataset.channels],
    outShape: [dataset.numClasses],
    paramBudget: options.paramBudget,
    tokenBudget: Math.max(1024, (options.llm.contextTokens ?? defaultContextTokens) - options.llm.settings.maxTokens),
  });
  const client = createOpenAiClient({ settings: options.llm.settings, apiKey: options.llm.apiKey });
  return createLlmGenerator({
    client,
    prompts,
    decoding: decodingFrom(options.llm.settings),
    editFormat: options.llm.editFormat,
  });
}

/** The folder holding `prompts/` and `snippets/`: the package root, found upwards from `start` (dist/ or src/…). */
export function findResourceRoot(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'prompts', 'generate.yaml')) && existsSync(path.join(dir, 'snippets'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
