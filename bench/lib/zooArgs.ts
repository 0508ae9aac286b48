// Command-line options of `npm run bench:zoo`: bench:train's shared set plus the zoo's own.
import type { BenchArgs } from './benchArgs';
import { intArg, parseBenchArgs } from './benchArgs';

/** The image shapes the zoo trains at: CIFAR-10's 32×32×3 and Fashion-MNIST's 28×28×1. */
export const zooShapes = ['cifar10', 'fashion-mnist'] as const;

/** One of the zoo's image shapes, named by the dataset it comes from. */
export type ZooShape = (typeof zooShapes)[number];

/** Options of one bench:zoo run. */
export interface ZooArgs extends BenchArgs {
  /** Family names to run; empty = every family. */
  families: string[];
  shapes: ZooShape[];
  /** Untimed batches before the timed ones, on both sides. */
  warmup: number;
  /** Seconds after which no further timed batch starts, per family, shape and side (the first always runs). */
  timeLimitS: number;
}

const usage = `usage: npm run bench:zoo -- [--family name[,name]] [--shape cifar10|fashion-mnist|both] [--threads N]
  [--max-batches N] [--warmup N] [--time-limit S] [--repeat N] [--batch N] [--profile] [--no-torch] [--torch-blas openblas|system]
  [--backend wasm|cpu|webgpu|tensorflow|tensorflow-gpu] [--stock-kernels all|Name,Name]`;

/** Timed batches per family and shape when --max-batches is not given: the whole bench stays within minutes at 1 thread. */
export const defaultZooBatches = 3;

/** Seconds of timed batches per family, shape and side by default: a pathologically slow family still ends. */
export const defaultZooTimeLimitS = 20;

function shapesArg(value: string | undefined): ZooShape[] {
  if (value === 'both') return [...zooShapes];
  const found = zooShapes.find((s) => s === value);
  if (!found) throw new Error(`--shape needs cifar10, fashion-mnist or both, got '${value ?? ''}'\n${usage}`);
  return [found];
}

/** Parses argv (after the script name); throws with the usage text on bad input. */
export function parseZooArgs(argv: string[]): ZooArgs {
  const zoo = {
    families: [] as string[],
    shapes: [...zooShapes] as ZooShape[],
    warmup: 1,
    timeLimitS: defaultZooTimeLimitS,
  };
  const args = parseBenchArgs(argv, {
    usage,
    defaults: { maxBatches: defaultZooBatches },
    extra: (flag, next) => {
      if (flag === '--family') {
        zoo.families = (next() ?? '').split(',').filter((s) => s);
        if (zoo.families.length === 0) throw new Error(`--family needs one or more names joined by commas\n${usage}`);
      } else if (flag === '--shape') zoo.shapes = shapesArg(next());
      else if (flag === '--warmup') zoo.warmup = intArg(flag, next(), 0, usage);
      else if (flag === '--time-limit') zoo.timeLimitS = intArg(flag, next(), 1, usage);
      else return false;
      return true;
    },
  });
  return { ...args, ...zoo };
}
