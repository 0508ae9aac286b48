/**
 * The default of every `nngpt.*` setting, keyed by its name below `nngpt.`. These are the values
 * package.json declares in `contributes.configuration`; src/host/config.ts falls back to them, so a read
 * outside VS Code's registry gets what the Settings editor shows. test/unit/host/settingDefaults.test.ts
 * fails when a setting is missing on either side or a default differs. No vscode import: the test loads it.
 */
import { defaultArchiveSettings } from '../core/cycle/archive';
import { defaultSelectionRatios } from '../core/cycle/parentSelection';
import { defaultThresholds } from '../core/cycle/thresholds';
import { defaultLlmSettings } from '../core/llm/llmClient';
import { defaultMaxEpochMinutes } from '../core/training/pace';
import { defaultCheckTimeLimitS, defaultNoProgressS } from '../core/training/trainerClient';
import { autoParallel } from '../core/training/trainerParallelism';
import { allCores } from '../core/training/wasmThreadCount';
import { defaultHyperparameters } from '../shared/hyperparameterDefaults';

/** Every setting's default; the key is the name without the `nngpt.` prefix. */
export const settingDefaults = {
  netFiles: ['**/*.net.ts', '**/*.net.js'] as readonly string[],
  'diagnostics.enabled': true,
  'diagnostics.debounceMs': 250,
  'diagnostics.maxFileSizeKB': 1024,
  'store.path': '.nngpt/history.sqlite',
  generator: 'auto',
  'llm.baseUrl': '',
  'llm.model': defaultLlmSettings.model,
  'llm.temperature': defaultLlmSettings.temperature,
  'llm.topP': defaultLlmSettings.topP,
  'llm.maxTokens': defaultLlmSettings.maxTokens,
  'llm.extraBody': {} as Readonly<Record<string, unknown>>,
  'llm.timeoutSeconds': defaultLlmSettings.timeoutMs / 1000,
  'llm.maxRetries': defaultLlmSettings.maxRetries,
  'llm.contextTokens': 8192,
  'generate.snippets': 5,
  'generate.maxRepairs': 2,
  'generate.paramBudget': 500_000,
  'generate.checkTimeLimitSeconds': defaultCheckTimeLimitS,
  'generate.maxEpochMinutes': defaultMaxEpochMinutes,
  'generate.fileNamePattern': '{stem}.v{n}',
  'generate.editFormat': 'auto',
  'training.dataset': 'fashion-mnist',
  'training.epochs': 1,
  'training.batchSize': 64,
  'training.hyperparameters': defaultHyperparameters,
  'training.backend': 'auto',
  'training.skipBackends': [] as readonly string[],
  'training.dataDir': '',
  'training.wasmThreads': allCores,
  'training.parallel': autoParallel,
  'training.redisUrl': '',
  'training.memoryLimitMB': 4096,
  'training.epochTimeLimitSeconds': 0,
  'training.noProgressSeconds': defaultNoProgressS,
  'training.augment': false,
  'cycle.candidates': 4,
  'cycle.count': 1,
  'cycle.thresholds': defaultThresholds,
  'cycle.stopMinGainPoints': 0,
  'search.exploitRatio': defaultSelectionRatios.exploit,
  'search.exploreRatio': defaultSelectionRatios.explore,
  'search.seedRatio': defaultSelectionRatios.seed,
  'search.inspirations': 3,
  'search.islands': 1,
  'archive.descriptor': defaultArchiveSettings.descriptor as string,
  'archive.paramBuckets': defaultArchiveSettings.paramBuckets,
  'novelty.nearDuplicateThreshold': 0.9,
  'novelty.lshThreshold': 0.85,
};

/** A setting's name below `nngpt.`. */
export type SettingName = keyof typeof settingDefaults;

/** The type a setting's value has (that of its default). */
export type SettingValue<K extends SettingName> = (typeof settingDefaults)[K];
