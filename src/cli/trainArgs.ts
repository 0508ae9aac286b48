/** Parses `nngpt train` arguments into a training request and client options. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { allCores, maxWasmThreads, resolveWasmThreads } from '../core/training/wasmThreadCount';
import { backendNames } from '../shared/trainerProtocol';
import type { BackendName, TrainSpec } from '../shared/trainerProtocol';

/** Everything `nngpt train` was asked to do. */
export interface TrainArgs {
  net: string;
  spec: TrainSpec;
  cacheDir: string;
  trainerPath?: string;
  memoryLimitMB?: number;
  wallTimeLimitS?: number;
  /** A batch silent this long ends the run as hung (default: the client's 120 s). */
  noProgressS?: number;
  permissionModel: boolean;
  json: boolean;
}

/** The default dataset cache when no editor provides global storage. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'nngpt', 'datasets');
}

const numberFlags: Record<string, (spec: TrainSpec, a: TrainArgs, v: number) => string | undefined> = {
  '--epochs': (s, _a, v) => (Number.isInteger(v) && v > 0 ? void (s.epochs = v) : 'a positive whole number'),
  '--batch': (s, _a, v) =>
    Number.isInteger(v) && v > 0 && v <= 4096 ? void (s.batchSize = v) : 'a whole number in 1…4096',
  '--max-batches': (s, _a, v) =>
    Number.isInteger(v) && v > 0 ? void (s.maxTrainBatches = v) : 'a positive whole number',
  '--time-limit': (s, _a, v) => (v > 0 ? void (s.epochTimeLimitS = v) : 'a positive number of seconds'),
  '--seed': (s, _a, v) => (Number.isInteger(v) ? void (s.randomSeed = v) : 'a whole number'),
  '--threads': (s, _a, v) =>
    Number.isInteger(v) && v >= 0 && v <= maxWasmThreads
      ? void (s.wasmThreads = resolveWasmThreads(v))
      : `a whole number in 0…${maxWasmThreads} (0: all cores)`,
  '--memory-mb': (_s, a, v) => (v >= 256 ? void (a.memoryLimitMB = v) : 'at least 256'),
  '--wall-time': (_s, a, v) => (v > 0 ? void (a.wallTimeLimitS = v) : 'a positive number of seconds'),
  '--no-progress': (_s, a, v) => (v > 0 ? void (a.noProgressS = v) : 'a positive number of seconds'),
  '--lr': (s, _a, v) => setHp(s, 'lr', v),
  '--momentum': (s, _a, v) => setHp(s, 'momentum', v),
  '--dropout': (s, _a, v) => setHp(s, 'dropout', v),
};

function setHp(spec: TrainSpec, key: string, v: number): string | undefined {
  if (!(v >= 0 && v <= 1)) return 'a number in [0, 1] (every hyperparameter lies in [0, 1])';
  spec.hyperparameters[key] = v;
  return undefined;
}

function backend(value: string | undefined): BackendName | string {
  return backendNames.includes(value as BackendName) ? (value as BackendName) : `one of ${backendNames.join(', ')}`;
}

/** Parses the arguments; a string result is the usage error to print. */
export function parseTrainArgs(args: readonly string[]): TrainArgs | string {
  // All cores unless --threads lowers it; resolved here so the trainer's spec carries a real count.
  const spec: TrainSpec = {
    dataset: 'fashion-mnist',
    epochs: 1,
    batchSize: 64,
    hyperparameters: {},
    progressEvery: 10,
    wasmThreads: resolveWasmThreads(allCores),
  };
  const out: TrainArgs = { net: '', spec, cacheDir: defaultCacheDir(), permissionModel: true, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg in numberFlags) {
      const bad = numberFlags[arg](spec, out, Number(value));
      if (value === undefined || bad) return `${arg} needs ${bad ?? 'a value'}, got '${value ?? ''}'`;
      i++;
    } else if (arg === '--backend' || arg === '--skip-backend') {
      const b = backend(value);
      if (!backendNames.includes(b as BackendName)) return `${arg} needs ${b}, got '${value ?? ''}'`;
      if (arg === '--backend') spec.backend = b as BackendName;
      else spec.skipBackends = [...(spec.skipBackends ?? []), b as BackendName];
      i++;
    } else if (arg === '--hp') {
      const m = value?.match(/^([A-Za-z_]\w*)=(.+)$/);
      if (!m) return `--hp needs key=value, got '${value ?? ''}'`;
      const bad = setHp(spec, m[1], Number(m[2]));
      if (bad) return `--hp ${m[1]} needs ${bad}`;
      i++;
    } else if (['--dataset', '--data-dir', '--cache-dir', '--trainer'].includes(arg)) {
      if (!value) return `${arg} needs a value`;
      if (arg === '--dataset') spec.dataset = value;
      else if (arg === '--data-dir') spec.dataDir = value;
      else if (arg === '--cache-dir') out.cacheDir = value;
      else out.trainerPath = value;
      i++;
    } else if (arg === '--augment') spec.augment = true;
    else if (arg === '--json') out.json = true;
    else if (arg === '--no-permission') out.permissionModel = false;
    else if (arg.startsWith('-')) return `unknown option '${arg}'`;
    else if (out.net) return `only one Net file, got '${out.net}' and '${arg}'`;
    else out.net = arg;
  }
  return out.net ? out : 'no Net file given';
}
