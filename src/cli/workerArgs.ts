/** Parses `nngpt worker` arguments. */
import { availableParallelism } from 'node:os';
import { redisUrlProblem } from '../distributed/redisUrl';
import { maxWasmThreads, resolveWasmThreads } from '../core/training/wasmThreadCount';
import { defaultCacheDir } from './trainArgs';

/** Everything `nngpt worker` was asked to do. */
export interface WorkerArgs {
  readonly redisUrl: string;
  readonly concurrency: number;
  /** wasm threads per trainer. */
  readonly threads: number;
  readonly dataDir?: string;
  readonly cacheDir: string;
  readonly trainerPath?: string;
  readonly memoryLimitMB?: number;
  readonly noProgressS?: number;
  readonly lockDurationS: number;
  readonly stalledIntervalS: number;
  readonly maxStalled: number;
  readonly name?: string;
}

/** The variable a Redis URL may come from instead of the command line (which `ps` shows to everyone). */
export const redisUrlVariable = 'NNGPT_REDIS_URL';

/** `nngpt worker --help`. */
export const workerHelp = `usage: nngpt worker --redis <url> [options]

Takes training jobs from the queue that 'nngpt cycle --redis' (or the editor with
nngpt.training.redisUrl) fills, trains each in its own sandboxed trainer process and
sends progress and results back through the queue. Stop it with SIGTERM or Ctrl+C: running
jobs go back to the queue for another worker.

options:
  --redis <url>            redis://host:port, redis://:password@host:port, rediss://… for TLS
                           (default: $${redisUrlVariable}; prefer it for URLs with a password)
  --concurrency <n>        jobs trained at once, 1…64 (default 1)
  --threads <n>            wasm threads per trainer (default: cores ÷ concurrency)
  --data-dir <dir>         use dataset files from this folder (offline), as nngpt train
  --cache-dir <dir>        download cache (default ~/.cache/nngpt/datasets)
  --memory-mb <n>          each trainer's heap cap (default 4096)
  --no-progress <s>        end a run as hung when a batch makes no progress this long (default 120)
  --lock-duration <s>      a job whose worker stops renewing its lock this long is stalled and
                           runs again elsewhere (default 30)
  --stalled-interval <s>   how often this worker looks for stalled jobs (default 30)
  --max-stalled <n>        restarts a stalled job gets before it fails (default 2)
  --name <name>            this worker's name in results (default host:pid)
  --trainer <file>         the trainer bundle (default trainer.js beside this program)
  -h, --help               show this help`;

const numeric: Record<string, { key: keyof WorkerArgs; min: number; max: number; int: boolean }> = {
  '--concurrency': { key: 'concurrency', min: 1, max: 64, int: true },
  '--threads': { key: 'threads', min: 1, max: maxWasmThreads, int: true },
  '--memory-mb': { key: 'memoryLimitMB', min: 256, max: 1_000_000, int: true },
  '--no-progress': { key: 'noProgressS', min: 1, max: 86_400, int: false },
  '--lock-duration': { key: 'lockDurationS', min: 1, max: 3600, int: false },
  '--stalled-interval': { key: 'stalledIntervalS', min: 0.5, max: 3600, int: false },
  '--max-stalled': { key: 'maxStalled', min: 0, max: 100, int: true },
};

const strings: Record<string, keyof WorkerArgs> = {
  '--redis': 'redisUrl',
  '--data-dir': 'dataDir',
  '--cache-dir': 'cacheDir',
  '--trainer': 'trainerPath',
  '--name': 'name',
};

/** The options, 'help', or a usage error. */
export function parseWorkerArgs(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cores: number = availableParallelism(),
): WorkerArgs | 'help' | string {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  const out: Record<string, unknown> = {
    concurrency: 1,
    cacheDir: defaultCacheDir(env),
    lockDurationS: 30,
    stalledIntervalS: 30,
    maxStalled: 2,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    const n = numeric[arg];
    if (n) {
      const v = Number(value);
      if (value === undefined || !Number.isFinite(v) || v < n.min || v > n.max || (n.int && !Number.isInteger(v)))
        return `${arg} needs ${n.int ? 'a whole number' : 'a number'} in ${n.min}…${n.max}, got '${value ?? ''}'`;
      out[n.key] = v;
      i++;
    } else if (arg in strings) {
      if (!value || value.startsWith('--')) return `${arg} needs a value`;
      out[strings[arg]] = value;
      i++;
    } else return `unknown option '${arg}'`;
  }
  const url = (out.redisUrl as string | undefined) ?? env[redisUrlVariable];
  if (!url) return `no Redis URL: pass --redis redis://host:port or set ${redisUrlVariable}`;
  const problem = redisUrlProblem(url);
  if (problem) return problem;
  const concurrency = out.concurrency as number;
  const threads =
    (out.threads as number | undefined) ?? resolveWasmThreads(Math.max(1, Math.floor(cores / concurrency)));
  return { ...(out as object), redisUrl: url, concurrency, threads } as WorkerArgs;
}
