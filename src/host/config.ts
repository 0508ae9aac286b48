import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LlmSettings } from '../core/llm/llmClient';
import type { ArchiveDescriptor } from '../core/cycle/archive';
import { archiveSettingsProblem, defaultArchiveSettings } from '../core/cycle/archive';
import { defaultSelectionRatios, ratiosProblem } from '../core/cycle/parentSelection';
import type { SearchSettings } from '../core/cycle/runCycle';
import { defaultSearchSettings } from '../core/cycle/runCycle';
import { defaultThresholds } from '../core/cycle/thresholds';
import type { EditFormat } from '../core/generate/llmGenerator';
import type { TrainerParallelism } from '../core/training/trainerParallelism';
import { maxParallelTrainers, resolveTrainerParallelism } from '../core/training/trainerParallelism';
import { maxWasmThreads, resolveWasmThreads } from '../core/training/wasmThreadCount';
import type { SettingName, SettingValue } from './settingDefaults';
import { settingDefaults } from './settingDefaults';

/**
 * The only reader of `nngpt.*` settings. Every setting is declared in package.json
 * (`contributes.configuration`); its default is in ./settingDefaults, which a unit test holds equal to package.json.
 */
const section = 'nngpt';

/** One setting, falling back to its declared default. */
function read<K extends SettingName>(c: vscode.WorkspaceConfiguration, key: K): SettingValue<K> {
  return c.get<SettingValue<K>>(key, settingDefaults[key]);
}

/** Settings for Net-API diagnostics. */
export interface DiagnosticsConfig {
  /** Glob patterns (workspace-relative) of the files that are Nets. */
  readonly netFiles: readonly string[];
  readonly enabled: boolean;
  /** Delay after the last keystroke before a document is re-checked. */
  readonly debounceMs: number;
  /** Files larger than this are skipped with one finding instead of parsed. */
  readonly maxFileSizeKB: number;
}

/** Reads the diagnostics settings for `scope` (a document or folder URI; settings are resource-scoped). */
export function diagnosticsConfig(scope?: vscode.Uri): DiagnosticsConfig {
  const c = vscode.workspace.getConfiguration(section, scope);
  return {
    netFiles: read(c, 'netFiles'),
    enabled: read(c, 'diagnostics.enabled'),
    debounceMs: clamp(read(c, 'diagnostics.debounceMs'), 0, 5000),
    maxFileSizeKB: clamp(read(c, 'diagnostics.maxFileSizeKB'), 1, 65536),
  };
}

/** True when a change event touches any setting this extension reads for diagnostics. */
export function affectsDiagnostics(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${section}.netFiles`) || event.affectsConfiguration(`${section}.diagnostics`);
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

/** Which generator makes variants: an LLM endpoint, or the offline AST mutation generator. */
export type GeneratorChoice = 'auto' | 'mutation' | 'llm';

/** Settings for generating variants (the command and the cycle). */
export interface GenerateConfig {
  readonly generator: GeneratorChoice;
  /** The endpoint and decoding; `baseUrl` is empty when none is set (then generation is offline). */
  readonly llm: LlmSettings;
  readonly contextTokens: number;
  readonly snippets: number;
  readonly maxRepairs: number;
  readonly paramBudget: number;
  /** The execution check's time limit, seconds. */
  readonly checkTimeLimitS: number;
  /** The execution check's epoch budget, minutes; 0 for none. */
  readonly maxEpochMinutes: number;
  /** Variant file names: `{stem}` is the seed's name without `.net.ts`, `{n}` the first free number. */
  readonly fileNamePattern: string;
  /** Whole files, SEARCH/REPLACE diffs against the parent, or diffs for long parents only. */
  readonly editFormat: EditFormat;
}

/** Reads the generation settings. */
export function generateConfig(scope?: vscode.Uri): GenerateConfig {
  const c = vscode.workspace.getConfiguration(section, scope);
  return {
    generator: read(c, 'generator') as GeneratorChoice,
    llm: {
      baseUrl: read(c, 'llm.baseUrl').trim(),
      model: read(c, 'llm.model'),
      temperature: clamp(read(c, 'llm.temperature'), 0, 2),
      topP: clamp(read(c, 'llm.topP'), 0, 1),
      maxTokens: Math.round(clamp(read(c, 'llm.maxTokens'), 64, 32768)),
      extraBody: read(c, 'llm.extraBody'),
      timeoutMs: clamp(read(c, 'llm.timeoutSeconds'), 5, 3600) * 1000,
      maxRetries: Math.round(clamp(read(c, 'llm.maxRetries'), 0, 10)),
    },
    contextTokens: Math.round(clamp(read(c, 'llm.contextTokens'), 2048, 2_000_000)),
    snippets: Math.round(clamp(read(c, 'generate.snippets'), 1, 10)),
    maxRepairs: Math.round(clamp(read(c, 'generate.maxRepairs'), 0, 5)),
    paramBudget: Math.round(clamp(read(c, 'generate.paramBudget'), 1000, 1e9)),
    checkTimeLimitS: clamp(read(c, 'generate.checkTimeLimitSeconds'), 5, 3600),
    maxEpochMinutes: clamp(read(c, 'generate.maxEpochMinutes'), 0, 100_000),
    fileNamePattern: read(c, 'generate.fileNamePattern'),
    editFormat: (['full', 'diff', 'auto'] as const).find((f) => f === read(c, 'generate.editFormat')) ?? 'auto',
  };
}

/** Settings for training runs. */
export interface TrainingConfig {
  readonly dataset: string;
  readonly epochs: number;
  readonly batchSize: number;
  /** What **Train Current Net** trains with; keys the Net does not declare are ignored. */
  readonly hyperparameters: Readonly<Record<string, number>>;
  /** A forced backend, or undefined for the best available. */
  readonly backend: string | undefined;
  readonly skipBackends: readonly string[];
  /** XNNPACK threads for the wasm backend, resolved (the setting's 0 is every core); more than 1 lets the trainer start worker threads. */
  readonly wasmThreads: number;
  /** What a cycle trains with: how many trainers at once, and the wasm threads of each (see trainerParallelism.ts). */
  readonly parallel: TrainerParallelism;
  /** A folder that holds the dataset files (offline use); empty to download into global storage. */
  readonly dataDir: string;
  readonly memoryLimitMB: number;
  /** NNGPT's epoch time limit; 0 for none. */
  readonly epochTimeLimitS: number;
  /** A batch silent this long ends the run as hung. */
  readonly noProgressS: number;
  readonly augment: boolean;
  /** The worker pool's Redis URL for a cycle's training; empty trains locally. */
  readonly redisUrl: string;
}

/** Reads the training settings. */
export function trainingConfig(scope?: vscode.Uri): TrainingConfig {
  const c = vscode.workspace.getConfiguration(section, scope);
  const backend = read(c, 'training.backend');
  const threadsSetting = Math.round(clamp(read(c, 'training.wasmThreads'), 0, maxWasmThreads));
  return {
    dataset: read(c, 'training.dataset'),
    epochs: Math.round(clamp(read(c, 'training.epochs'), 1, 1000)),
    batchSize: Math.round(clamp(read(c, 'training.batchSize'), 1, 4096)),
    hyperparameters: read(c, 'training.hyperparameters'),
    backend: backend === 'auto' ? undefined : backend,
    skipBackends: read(c, 'training.skipBackends'),
    wasmThreads: resolveWasmThreads(threadsSetting),
    parallel: resolveTrainerParallelism(
      Math.round(clamp(read(c, 'training.parallel'), 0, maxParallelTrainers)),
      threadsSetting,
    ),
    dataDir: read(c, 'training.dataDir').trim(),
    memoryLimitMB: Math.round(clamp(read(c, 'training.memoryLimitMB'), 256, 65536)),
    epochTimeLimitS: clamp(read(c, 'training.epochTimeLimitSeconds'), 0, 86400),
    noProgressS: clamp(read(c, 'training.noProgressSeconds'), 5, 86400),
    augment: read(c, 'training.augment'),
    redisUrl: read(c, 'training.redisUrl').trim(),
  };
}

/** Settings for the closed loop. */
export interface CycleConfig {
  readonly candidates: number;
  /** Cycles per Run Cycle; each is seeded by the best admitted variant of the one before. */
  readonly count: number;
  /** Accuracy thresholds for admission, by dataset id. */
  readonly thresholds: Readonly<Record<string, number>>;
  /** Stop after a cycle whose mean accuracy gained less than this many points over three cycles; 0 never stops early. */
  readonly stopMinGainPoints: number;
  readonly nearDuplicateThreshold: number;
  readonly lshThreshold: number;
}

/** Reads the cycle settings. */
export function cycleConfig(scope?: vscode.Uri): CycleConfig {
  const c = vscode.workspace.getConfiguration(section, scope);
  return {
    candidates: Math.round(clamp(read(c, 'cycle.candidates'), 1, 1000)),
    count: Math.round(clamp(read(c, 'cycle.count'), 1, 100)),
    thresholds: { ...defaultThresholds, ...read(c, 'cycle.thresholds') },
    stopMinGainPoints: clamp(read(c, 'cycle.stopMinGainPoints'), 0, 100),
    nearDuplicateThreshold: clamp(read(c, 'novelty.nearDuplicateThreshold'), 0.5, 1),
    lshThreshold: clamp(read(c, 'novelty.lshThreshold'), 0.3, 1),
  };
}

/**
 * Reads how the cycle searches: the parent ratios, inspirations per prompt and the archive's grid.
 * Unusable values (all ratios 0, buckets out of order) fall back to the defaults, with the reason.
 */
export function searchConfig(scope?: vscode.Uri): SearchSettings & { readonly problems: readonly string[] } {
  const c = vscode.workspace.getConfiguration(section, scope);
  const problems: string[] = [];
  let ratios = {
    exploit: read(c, 'search.exploitRatio'),
    explore: read(c, 'search.exploreRatio'),
    seed: read(c, 'search.seedRatio'),
  };
  const ratioProblem = ratiosProblem(ratios);
  if (ratioProblem) {
    problems.push(`nngpt.search.*Ratio: ${ratioProblem}; using 0.7 / 0.2 / 0.1`);
    ratios = { ...defaultSelectionRatios };
  }
  let archive = {
    paramBuckets: [...read(c, 'archive.paramBuckets')],
    descriptor: read(c, 'archive.descriptor') as ArchiveDescriptor,
  };
  const archiveProblem = archiveSettingsProblem(archive);
  if (archiveProblem) {
    problems.push(`nngpt.archive: ${archiveProblem}; using the default grid`);
    archive = { ...defaultArchiveSettings, paramBuckets: [...defaultArchiveSettings.paramBuckets] };
  }
  return {
    ...defaultSearchSettings,
    ratios,
    archive,
    inspirations: Math.round(clamp(read(c, 'search.inspirations'), 0, 5)),
    islands: Math.round(clamp(read(c, 'search.islands'), 1, 8)),
    problems,
  };
}

/** Where the history store lives: the (window-scoped) setting, resolved against the first workspace folder. */
export function storePath(folder: vscode.Uri): string {
  const configured =
    read(vscode.workspace.getConfiguration(section), 'store.path').trim() || settingDefaults['store.path'];
  return path.isAbsolute(configured) ? configured : path.join(folder.fsPath, configured);
}
