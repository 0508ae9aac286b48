/**
 * `nngpt worker --redis <url>`: one member of the training pool. Lines about jobs go to stderr.
 * Exit code 0 after SIGTERM/SIGINT (running jobs handed back to the queue), 2 on a usage error or
 * an unreachable Redis.
 */
import { startTrainWorker } from '../distributed/trainWorker';
import { RedisUnreachableError } from '../distributed/redisConnection';
import { parseWorkerArgs, workerHelp } from './workerArgs';

/** Runs `nngpt worker` until a signal stops it; resolves to the exit code. */
export async function runWorker(args: string[]): Promise<number> {
  const parsed = parseWorkerArgs(args);
  if (parsed === 'help') return (void process.stdout.write(workerHelp + '\n'), 0);
  if (typeof parsed === 'string') return (void process.stderr.write(`nngpt worker: ${parsed}\n\n${workerHelp}\n`), 2);
  const say = (line: string) => process.stderr.write(`nngpt worker: ${line}\n`);
  // Listening before the first connection: a SIGTERM while starting (a rollout) still stops cleanly.
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  let worker;
  try {
    worker = await startTrainWorker({
      redisUrl: parsed.redisUrl,
      concurrency: parsed.concurrency,
      wasmThreads: parsed.threads,
      dataDir: parsed.dataDir,
      client: {
        cacheDir: parsed.cacheDir,
        trainerPath: parsed.trainerPath,
        memoryLimitMB: parsed.memoryLimitMB,
        noProgressS: parsed.noProgressS,
      },
      lockDurationMs: parsed.lockDurationS * 1000,
      stalledIntervalMs: parsed.stalledIntervalS * 1000,
      maxStalledCount: parsed.maxStalled,
      name: parsed.name,
      log: say,
    });
  } catch (e) {
    say(e instanceof RedisUnreachableError ? e.message : `cannot start: ${(e as Error).message}`);
    return 2;
  }
  say(
    `${worker.name} ready: ${parsed.concurrency} job${parsed.concurrency > 1 ? 's' : ''} at a time, ${parsed.threads} wasm thread${parsed.threads > 1 ? 's' : ''} each`,
  );
  const signal = await stopped;
  say(`${signal}: handing running jobs back to the queue and stopping`);
  // A second signal while stopping ends the process at once.
  process.once(signal, () => process.exit(130));
  await worker.stop();
  say('stopped');
  // BullMQ may keep a reconnect timer alive when Redis is away; nothing is left to wait for.
  setTimeout(() => process.exit(0), 1000).unref();
  return 0;
}
