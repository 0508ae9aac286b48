// Command-line options of `npm run bench:search`, and the two search strategies it compares.
import type { SearchSettings } from '../../src/core/cycle/runCycle';
import { defaultSearchSettings } from '../../src/core/cycle/runCycle';
import { intArg } from './benchArgs';

/** The strategies the bench can run: the archive search (the settings' defaults) and the loop before it. */
export const searchStrategies = ['archive', 'greedy'] as const;

/** One of {@link searchStrategies}. */
export type SearchStrategy = (typeof searchStrategies)[number];

/**
 * What each strategy runs with. Greedy is the loop before the archive, written in the search's own
 * settings: every candidate is a mutation of the cycle's seed (ratios 0 / 0 / 1), which the loop sets
 * to the best admitted variant of the cycle before, and its prompt carries no inspirations and no
 * failures. The archive strategy is exactly what a user gets by default.
 */
export const strategySettings: Readonly<Record<SearchStrategy, SearchSettings>> = {
  archive: defaultSearchSettings,
  greedy: {
    ...defaultSearchSettings,
    ratios: { exploit: 0, explore: 0, seed: 1 },
    inspirations: 0,
    failures: 0,
    islands: 1,
  },
};

/** Options of one bench:search run. */
export interface SearchArgs {
  readonly cycles: number;
  readonly candidates: number;
  /** Generation seeds: each strategy runs once per seed, on a store of its own. */
  readonly seeds: number;
  /** Training batches per candidate (the fixed training budget). */
  readonly maxBatches: number;
  /** XNNPACK threads of each trainer process. */
  readonly threads: number;
  /** Runs at once; 2 puts one seed's archive and greedy runs side by side, so both see the same load. */
  readonly parallel: number;
  readonly strategies: readonly SearchStrategy[];
  /**
   * Admission threshold. Not the dataset's 70%: that is for a full first epoch, and at a 30-batch
   * proxy the reference CNN reaches about 63%, so 70% admits almost nothing and greedy, which
   * moves only to an admitted Net, would never move.
   */
  readonly threshold: number;
  /** The execution check refuses Nets whose projected full epoch is longer (the product's default is 30). */
  readonly maxEpochMinutes: number;
  readonly dataDir: string;
  /** Print every candidate and its training result (stderr). */
  readonly verbose: boolean;
}

/**
 * 3 cycles × 4 candidates × 3 seeds × 2 strategies at 30 batches, two runs side by side: 20 minutes
 * on the 2-core machine. At 6 × 6 the archive's second cycle alone ran past 10 minutes (its parents,
 * and so its children, grow), so the three seeds the intervals need took well over an hour.
 */
export const defaultSearchArgs: SearchArgs = {
  cycles: 3,
  candidates: 4,
  seeds: 3,
  maxBatches: 30,
  threshold: 0.6,
  maxEpochMinutes: 5,
  threads: 1,
  parallel: 2,
  strategies: searchStrategies,
  dataDir: '/usr/share/datasets/fashion-mnist',
  verbose: false,
};

export const searchUsage = `usage: npm run bench:search -- [--cycles N] [--candidates N] [--seeds N] [--max-batches N]
  [--threads N] [--parallel N] [--strategies archive,greedy] [--threshold 0..1] [--max-epoch-minutes M] [--data DIR] [--verbose]`;

function strategiesArg(value: string | undefined): SearchStrategy[] {
  const names = (value ?? '').split(',').filter((s) => s);
  const unknown = names.filter((n) => !searchStrategies.includes(n as SearchStrategy));
  if (names.length === 0 || unknown.length > 0)
    throw new Error(
      `--strategies needs one or more of ${searchStrategies.join(', ')} joined by commas, got '${value ?? ''}'\n${searchUsage}`,
    );
  return [...new Set(names as SearchStrategy[])];
}

function thresholdArg(value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new Error(`--threshold needs a number in 0…1, got '${value ?? ''}'\n${searchUsage}`);
  return n;
}

/** Parses argv (after the script name); throws with the usage text on bad input. */
export function parseSearchArgs(argv: readonly string[]): SearchArgs {
  const args: { -readonly [K in keyof SearchArgs]: SearchArgs[K] } = { ...defaultSearchArgs };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    if (flag === '--cycles') args.cycles = intArg(flag, value(), 1, searchUsage);
    else if (flag === '--candidates') args.candidates = intArg(flag, value(), 1, searchUsage);
    else if (flag === '--seeds') args.seeds = intArg(flag, value(), 1, searchUsage);
    else if (flag === '--max-batches') args.maxBatches = intArg(flag, value(), 1, searchUsage);
    else if (flag === '--threads') args.threads = intArg(flag, value(), 1, searchUsage);
    else if (flag === '--parallel') args.parallel = intArg(flag, value(), 1, searchUsage);
    else if (flag === '--strategies') args.strategies = strategiesArg(value());
    else if (flag === '--threshold') args.threshold = thresholdArg(value());
    else if (flag === '--max-epoch-minutes') args.maxEpochMinutes = intArg(flag, value(), 1, searchUsage);
    else if (flag === '--data') args.dataDir = value() ?? '';
    else if (flag === '--verbose') args.verbose = true;
    else if (flag === '--help') throw new Error(searchUsage);
    else throw new Error(`unknown option '${flag}'\n${searchUsage}`);
  }
  return args;
}

/**
 * The generation seed of run `index` (0-based). The cycle derives candidate n's seed as
 * seed + cycleId·1000 + n, so runs' seeds sit 100,000 apart and never share a candidate's draw.
 */
export function generationSeed(index: number): number {
  return 11 + 100_000 * index;
}
