import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LlmSettings } from '../core/llm/llmClient';
import { defaultLlmSettings } from '../core/llm/llmClient';
import { defaultThresholds } from '../core/cycle/thresholds';
import { defaultMaxEpochMinutes } from '../core/training/pace';
import { defaultCheckTimeLimitS, defaultNoProgressS } from '../core/training/trainerClient';
import { allCores, maxWasmThreads, resolveWasmThreads } from '../core/training/wasmThreadCount';

/**
 * The only reader of `nngpt.*` settings. Every setting here is declared in package.json
 * (`contributes.configuration`) with the same default.
 */
const section = 'nngpt';

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
    netFiles: c.get<string[]>('netFiles', ['**/*.net.ts', '**/*.net.js']),
    enabled: c.get<boolean>('diagnostics.enabled', true),
    debounceMs: clamp(c.get<number>('diagnostics.debounceMs', 250), 0, 5000),
    maxFileSizeKB: clamp(c.get<number>('diagnostics.maxFileSizeKB', 1024), 1, 65536),
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
}

/** Reads the generation settings. */
export function generateConfig(scope?: vscode.Uri): GenerateConfig {
  const c = vscode.workspace.getConfiguration(section, scope);
  return {
    generator: c.get<GeneratorChoice>('generator', 'auto'),
    llm: {
      baseUrl: c.get<string>('llm.baseUrl', '').trim(),
      model: c.get<string>('llm.model', defaultLlmSettings.model),
      temperature: clamp(c.get<number>('llm.temperature', defaultLlmSettings.temperature), 0, 2),
      topP: clamp(c.get<number>('llm.topP', defaultLlmSettings.topP), 0, 1),
      maxTokens: Math.round(clamp(c.get<number>('llm.maxTokens', defaultLlmSettings.maxTokens), 64, 32768)),
      extraBody: c.get<Record<string, unknown>>('llm.extraBody', {}),
      timeoutMs: clamp(c.get<number>('llm.timeoutSeconds', defaultLlmSettings.timeoutMs / 1000), 5, 3600) * 1000,
      maxRetries: Math.round(clamp(c.get<number>('llm.maxRetries', defaultLlmSettings.maxRetries), 0, 10)),
    },
    contextTokens: Math.round(clamp(c.get<number>('llm.contextTokens', 8192), 2048, 2_000_000)),
    snippets: Math.round(clamp(c.get<number>('generate.snippets', 5), 1, 10)),
    maxRepairs: Math.round(clamp(c.get<number>('generate.maxRepairs', 2), 0, 5)),
    paramBudget: Math.round(clamp(c.get<number>('generate.paramBudget', 500000), 1000, 1e9)),
    checkTimeLimitS: clamp(c.get<number>('generate.checkTimeLimitSeconds', defaultCheckTimeLimitS), 5, 3600),
    maxEpochMinutes: clamp(c.get<number>('generate.maxEpochMinutes', defaultMaxEpochMinutes), 0, 100_000),
    fileNamePattern: c.get<string>('generate.fileNamePattern', '{stem}.v{n}'),
  };
}

/** Settings for training runs. */
export interface TrainingConfig {
  readonly dataset: string;
  readonly epochs: number;
  readonly batchSize: number;
  /** A forced backend, or undefined for the best available. */
  readonly backend: string | undefined;
  readonly skipBackends: readonly string[];
  /** XNNPACK threads for the wasm backend, resolved (the setting's 0 is every core); more than 1 lets the trainer start worker threads. */
  readonly wasmThreads: number;
  /** A folder that holds the dataset files (offline use); empty to download into global storage. */
  readonly dataDir: string;
  readonly memoryLimitMB: number;
  /** NNGPT's epoch time limit; 0 for none. */
  readonly epochTimeLimitS: number;
  /** A batch silent this long ends the run as hung. */
  readonly noProgressS: number;
  readonly augment: boolean;
}

/** Reads the training settings. */
export function trainingConfig(scope?: vscode.Uri): TrainingConfig {
  const c = vscode.workspace.getConfiguration(section, scope);
  const backend = c.get<string>('training.backend', 'auto');
  return {
    dataset: c.get<string>('training.dataset', 'fashion-mnist'),
    epochs: Math.round(clamp(c.get<number>('training.epochs', 1), 1, 1000)),
    batchSize: Math.round(clamp(c.get<number>('training.batchSize', 64), 1, 4096)),
    backend: backend === 'auto' ? undefined : backend,
    skipBackends: c.get<string[]>('training.skipBackends', []),
    wasmThreads: resolveWasmThreads(Math.round(clamp(c.get<number>('training.wasmThreads', allCores), 0, maxWasmThreads))),
    dataDir: c.get<string>('training.dataDir', '').trim(),
    memoryLimitMB: Math.round(clamp(c.get<number>('training.memoryLimitMB', 4096), 256, 65536)),
    epochTimeLimitS: clamp(c.get<number>('training.epochTimeLimitSeconds', 0), 0, 86400),
    noProgressS: clamp(c.get<number>('training.noProgressSeconds', defaultNoProgressS), 5, 86400),
    augment: c.get<boolean>('training.augment', false),
  };
}

/** Settings for the closed loop. */
export interface CycleConfig {
  readonly candidates: number;
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
    candidates: Math.round(clamp(c.get<number>('cycle.candidates', 4), 1, 1000)),
    thresholds: { ...defaultThresholds, ...c.get<Record<string, number>>('cycle.thresholds', {}) },
    stopMinGainPoints: clamp(c.get<number>('cycle.stopMinGainPoints', 0), 0, 100),
    nearDuplicateThreshold: clamp(c.get<number>('novelty.nearDuplicateThreshold', 0.9), 0.5, 1),
    lshThreshold: clamp(c.get<number>('novelty.lshThreshold', 0.85), 0.3, 1),
  };
}

/** Where the history store lives: the (window-scoped) setting, resolved against the first workspace folder. */
export function storePath(folder: vscode.Uri): string {
  const configured = vscode.workspace.getConfiguration(section).get<string>('store.path', '.nngpt/history.sqlite').trim() || '.nngpt/history.sqlite';
  return path.isAbsolute(configured) ? configured : path.join(folder.fsPath, configured);
}
