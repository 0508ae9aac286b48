/**
 * The options of `nngpt cycle`: its own flags, and the training flags of `nngpt train`, which it
 * passes through (so both commands train the same way).
 */
import type { ArchiveDescriptor } from '../core/cycle/archive';
import { archiveSettingsProblem, defaultArchiveSettings } from '../core/cycle/archive';
import { ratiosProblem } from '../core/cycle/parentSelection';
import type { SearchSettings } from '../core/cycle/runCycle';
import { defaultSearchSettings } from '../core/cycle/runCycle';
import type { EditFormat } from '../core/generate/llmGenerator';
import { autoDiffMinLines } from '../core/generate/llmGenerator';
import { defaultMaxEpochMinutes } from '../core/training/pace';
import { defaultCheckTimeLimitS } from '../core/training/trainerClient';
import { autoParallel, maxParallelTrainers, resolveTrainerParallelism } from '../core/training/trainerParallelism';
import { redisUrlProblem } from '../distributed/redisUrl';
import type { TrainArgs } from './trainArgs';
import { parseTrainArgs } from './trainArgs';

/** The parsed command line. */
export interface CycleArgs {
  readonly net?: string;
  readonly candidates: number;
  readonly cycles: number;
  readonly threshold?: number;
  readonly store?: string;
  readonly llm: boolean;
  readonly baseUrl?: string;
  readonly model?: string;
  readonly k: number;
  readonly repairs: number;
  /** The generation's random seed (--gen-seed); the batch shuffle's is `train.spec.randomSeed` (--seed). */
  readonly randomSeed: number;
  readonly paramBudget: number;
  readonly stopGain: number;
  /** The execution check's time limit, seconds. */
  readonly checkTimeLimitS: number;
  /** The execution check's epoch budget, minutes (0: none). */
  readonly maxEpochMinutes: number;
  readonly json: boolean;
  /** How the LLM writes candidates (--llm only). */
  readonly editFormat: EditFormat;
  /** Parent selection, inspirations and the archive's grid. */
  readonly search: SearchSettings;
  /** Trainers at once, resolved (`train.spec.wasmThreads` is then each one's threads; see trainerParallelism.ts). */
  readonly parallel: number;
  /** Train on the worker pool behind this Redis URL instead of local trainers. */
  readonly redisUrl?: string;
  readonly train: TrainArgs;
}

/** `nngpt cycle --help`. */
export const cycleHelp = `usage: nngpt cycle [options] [net]

Runs generate → check → dedup/novelty → train (1-epoch proxy) → admit cycles from a seed Net
(default: the shipped reference CNN), records them in the history store and prints each cycle's table.

cycle options:
  --candidates <n>     candidates per cycle (default 4)
  --cycles <n>         cycles; each is seeded by the best admitted variant of the last (default 1)
  --threshold <a>      accuracy in [0, 1] needed for admission (default: 0.4 cifar10, 0.2 cifar100,
                       0.7 svhn, 0.9 mnist, 0.7 fashion-mnist)
  --stop-gain <p>      stop when mean accuracy gained < p points over three cycles (default off)
  --store <file>       the history store (default .nngpt/history.sqlite here)
  --llm                generate with an LLM (key from OPENAI_API_KEY); default: offline mutation
  --base-url <url>     the OpenAI-compatible endpoint for --llm
  --model <name>       the model for --llm
  --k <n>              snippets per prompt, 1 to 10 (default 5)
  --repairs <n>        re-prompts after a rejected candidate (default 2)
  --gen-seed <n>       generation seed (default 1)
  --param-budget <n>   most parameters a variant may have (default 500000)
  --check-time-limit <s>   execution check time limit; a Net still busy then is too slow (default ${defaultCheckTimeLimitS})
  --max-epoch-minutes <m>  refuse a candidate whose checked batches project a longer epoch (default ${defaultMaxEpochMinutes}; 0: none)
  --edit-format <f>    full | diff | auto: the LLM writes whole files, SEARCH/REPLACE blocks against
                       the parent, or blocks for parents of ${autoDiffMinLines}+ lines (default auto)
  --parent-ratios <e,x,s>  shares of exploit (a top-3 elite), explore (any elite) and the cycle's
                       seed as each candidate's parent (default 0.7,0.2,0.1; 0,0,1: every
                       candidate from the seed, the loop before the archive)
  --inspirations <n>   elites shown in each LLM prompt besides the parent, 0 to 5 (default 3)
  --islands <n>        islands the cycles take turns on, with ring migration of the best elite (default 1)
  --archive-descriptor <d>  the archive's second axis: depth (weight layers) or family (default depth)
  --param-buckets <a,b,…>   the archive's parameter-count bucket bounds (default 25000,100000,250000)
  --redis <url>        train on 'nngpt worker' processes that share this Redis queue
                       (redis://host:port, rediss:// for TLS) instead of local trainers
  --parallel <n>       candidates trained at once, each in its own trainer (default 0: the cores
                       divided by --threads; with --threads unset too, one trainer on every core;
                       --parallel n alone splits the cores between the n trainers)
  --json               print one JSON summary instead of tables

training options (as nngpt train): --dataset, --epochs, --batch, --max-batches, --time-limit,
  --backend, --skip-backend, --threads, --data-dir, --cache-dir, --memory-mb, --wall-time, --no-progress, --augment, --seed,
  --lr, --momentum, --dropout, --hp key=value, --trainer, --no-permission`;

const intFlags: Record<string, { key: keyof CycleArgs; min: number; max: number }> = {
  '--candidates': { key: 'candidates', min: 1, max: 1000 },
  '--cycles': { key: 'cycles', min: 1, max: 1000 },
  '--k': { key: 'k', min: 1, max: 10 },
  '--repairs': { key: 'repairs', min: 0, max: 5 },
  '--gen-seed': { key: 'randomSeed', min: 0, max: 2 ** 31 },
  '--param-budget': { key: 'paramBudget', min: 1000, max: 1e9 },
  '--parallel': { key: 'parallel', min: 0, max: maxParallelTrainers },
};

/** A comma-separated list of numbers, or undefined when any part is not one. */
function numberList(value: string | undefined): number[] | undefined {
  if (!value) return undefined;
  const parts = value.split(',').map((p) => Number(p.trim()));
  return parts.every((n) => Number.isFinite(n)) && parts.length > 0 ? parts : undefined;
}

/** Parses the search flags into `search`; returns a usage error, or undefined. */
function searchFlag(
  arg: string,
  value: string | undefined,
  search: { -readonly [K in keyof SearchSettings]: SearchSettings[K] },
): string | undefined {
  if (arg === '--parent-ratios') {
    const r = numberList(value);
    const ratios = r?.length === 3 ? { exploit: r[0], explore: r[1], seed: r[2] } : undefined;
    const problem = ratios
      ? ratiosProblem(ratios)
      : `--parent-ratios needs three numbers 'exploit,explore,seed', got '${value ?? ''}'`;
    if (problem) return problem;
    search.ratios = ratios!;
  } else if (arg === '--inspirations') {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 5)
      return `--inspirations needs a whole number in 0…5, got '${value ?? ''}'`;
    search.inspirations = n;
  } else if (arg === '--islands') {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 8) return `--islands needs a whole number in 1…8, got '${value ?? ''}'`;
    search.islands = n;
  } else if (arg === '--archive-descriptor') {
    const archive = { ...search.archive, descriptor: value as ArchiveDescriptor };
    const problem = archiveSettingsProblem(archive);
    if (problem) return `--archive-descriptor: ${problem}`;
    search.archive = archive;
  } else {
    const bounds = numberList(value);
    const archive = { ...search.archive, paramBuckets: bounds ?? [] };
    const problem = bounds ? archiveSettingsProblem(archive) : `needs comma-separated numbers, got '${value ?? ''}'`;
    if (problem) return `--param-buckets: ${problem}`;
    search.archive = archive;
  }
  return undefined;
}

const searchFlags = new Set([
  '--parent-ratios',
  '--inspirations',
  '--islands',
  '--archive-descriptor',
  '--param-buckets',
]);
const editFormats: readonly EditFormat[] = ['full', 'diff', 'auto'];

/** The options, 'help', or a usage error. */
export function parseCycleArgs(args: readonly string[]): CycleArgs | 'help' | string {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  const out: Record<string, unknown> = {
    candidates: 4,
    cycles: 1,
    llm: false,
    k: 5,
    repairs: 2,
    randomSeed: 1,
    paramBudget: 500_000,
    stopGain: 0,
    checkTimeLimitS: defaultCheckTimeLimitS,
    maxEpochMinutes: defaultMaxEpochMinutes,
    json: false,
    editFormat: 'auto',
    parallel: autoParallel,
  };
  const search = { ...defaultSearchSettings, archive: { ...defaultArchiveSettings } };
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    const int = intFlags[arg];
    if (int) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < int.min || n > int.max)
        return `${arg} needs a whole number in ${int.min}…${int.max}, got '${value ?? ''}'`;
      out[int.key] = n;
      i++;
    } else if (arg === '--check-time-limit' || arg === '--max-epoch-minutes') {
      const n = Number(value);
      const check = arg === '--check-time-limit';
      if (!Number.isFinite(n) || (check ? n < 1 : n < 0))
        return `${arg} needs ${check ? 'a number of seconds ≥ 1' : 'a non-negative number of minutes'}, got '${value ?? ''}'`;
      out[check ? 'checkTimeLimitS' : 'maxEpochMinutes'] = n;
      i++;
    } else if (arg === '--threshold' || arg === '--stop-gain') {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0 || (arg === '--threshold' && n > 1))
        return `${arg} needs ${arg === '--threshold' ? 'a number in [0, 1]' : 'a non-negative number'}, got '${value ?? ''}'`;
      out[arg === '--threshold' ? 'threshold' : 'stopGain'] = n;
      i++;
    } else if (arg === '--store' || arg === '--base-url' || arg === '--model') {
      if (!value) return `${arg} needs a value`;
      out[{ '--store': 'store', '--base-url': 'baseUrl', '--model': 'model' }[arg]] = value;
      i++;
    } else if (arg === '--redis') {
      if (!value) return '--redis needs a URL';
      const problem = redisUrlProblem(value);
      if (problem) return `--redis: ${problem}`;
      out.redisUrl = value;
      i++;
    } else if (searchFlags.has(arg)) {
      const problem = searchFlag(arg, value, search);
      if (problem) return problem;
      i++;
    } else if (arg === '--edit-format') {
      if (!editFormats.includes(value as EditFormat))
        return `--edit-format needs one of ${editFormats.join(', ')}, got '${value ?? ''}'`;
      out.editFormat = value;
      i++;
    } else if (arg === '--llm') out.llm = true;
    else if (arg === '--json') out.json = true;
    else rest.push(arg);
  }
  // The training parser finds the Net among the rest; without one the cycle starts from the reference Net.
  const withNet = parseTrainArgs(rest);
  const train = withNet === 'no Net file given' ? parseTrainArgs([...rest, 'reference']) : withNet;
  if (typeof train === 'string') return train;
  // --threads as given (0 or absent: auto), before the training parser resolved it to every core.
  const threads = rest.indexOf('--threads');
  const parallel = resolveTrainerParallelism(out.parallel as number, threads >= 0 ? Number(rest[threads + 1]) : 0);
  train.spec.wasmThreads = parallel.wasmThreads;
  return {
    ...(out as Omit<CycleArgs, 'train' | 'net' | 'search'>),
    parallel: parallel.trainers,
    search,
    net: withNet === 'no Net file given' ? undefined : train.net,
    train,
  };
}
