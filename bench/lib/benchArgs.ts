// Command-line options of `npm run bench:train`, and the shared part of `npm run bench:zoo`'s.
import { defaultThreads } from '../../src/trainer/perf/tuneBackend';

/** Options of one bench run. */
export interface BenchArgs {
  /** Forced TF.js backend; undefined walks the trainer's ladder (best available). */
  backend?: string;
  threads: number;
  /** Stop each epoch after this many batches (0 = the full 60k images). */
  maxBatches: number;
  /** Alternating TF.js/PyTorch repetitions; the summary gives medians. */
  repeat: number;
  torch: boolean;
  /** The PyTorch peer's BLAS: OpenBLAS (default; what a PyTorch user has) or the system's libblas.so.3. */
  torchBlas: 'openblas' | 'system';
  /** Per-kernel time table of a few TF.js steps. */
  profile: boolean;
  /** Kernel names to put back to stock (`all` = every replacement except the missing Conv2DBackpropFilter). */
  stockKernels: string[];
  dataDir: string;
  batch: number;
}

const usage = `usage: npm run bench:train -- [--backend wasm|cpu|webgpu|tensorflow|tensorflow-gpu] [--threads N]
  [--max-batches N | --quick] [--repeat N] [--no-torch] [--torch-blas openblas|system] [--profile] [--stock-kernels all|Name,Name] [--data DIR]`;

/** How another bench reuses the parser: its own usage text, defaults and extra flags. */
export interface BenchArgsOptions {
  usage?: string;
  defaults?: Partial<BenchArgs>;
  /** Handles a flag the shared set does not know; returns false to refuse it. `next()` reads its value. */
  extra?: (flag: string, next: () => string | undefined) => boolean;
}

/** Reads an integer flag value ≥ `min`; throws with the usage text otherwise. */
export function intArg(name: string, value: string | undefined, min: number, usageText = usage): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} needs an integer ≥ ${min}, got '${value ?? ''}'\n${usageText}`);
  return n;
}

/** Parses argv (after the script name); throws with the usage text on bad input. */
export function parseBenchArgs(argv: string[], options: BenchArgsOptions = {}): BenchArgs {
  const text = options.usage ?? usage;
  const args: BenchArgs = {
    threads: defaultThreads(),
    maxBatches: 0,
    repeat: 1,
    torch: true,
    torchBlas: 'openblas',
    profile: false,
    stockKernels: [],
    dataDir: '/usr/share/datasets/fashion-mnist',
    batch: 64,
    ...options.defaults,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = () => argv[++i];
    switch (flag) {
      case '--backend':
        args.backend = next();
        break;
      case '--threads':
        args.threads = intArg(flag, next(), 1, text);
        break;
      case '--max-batches':
        args.maxBatches = intArg(flag, next(), 1, text);
        break;
      case '--quick':
        args.maxBatches = 100;
        break;
      case '--repeat':
        args.repeat = intArg(flag, next(), 1, text);
        break;
      case '--batch':
        args.batch = intArg(flag, next(), 1, text);
        break;
      case '--no-torch':
        args.torch = false;
        break;
      case '--torch-blas': {
        const blas = next();
        if (blas !== 'openblas' && blas !== 'system')
          throw new Error(`--torch-blas is openblas or system, got '${blas ?? ''}'\n${text}`);
        args.torchBlas = blas;
        break;
      }
      case '--profile':
        args.profile = true;
        break;
      case '--stock-kernels':
        args.stockKernels = (next() ?? '').split(',').filter((s) => s);
        break;
      case '--data':
        args.dataDir = next() ?? '';
        break;
      case '--help':
        throw new Error(text);
      default:
        if (!options.extra?.(flag, next)) throw new Error(`unknown option '${flag}'\n${text}`);
    }
  }
  return args;
}
