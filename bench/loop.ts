/**
 * `npm run bench:loop [-- --candidates 8 --max-batches 150 --parallel N --threads T]`: the same offline
 * cycle of N candidates from the reference CNN on real Fashion-MNIST, run twice in one process —
 * with one trainer, then with N trainers at once — through the real pieces: mutation generator,
 * static and execution checks, novelty, the forked sandboxed trainers, a history store on disk.
 * Prints candidates per minute and the trainers' idle share for each, and the ratio N : 1. Every
 * candidate is made from the seed (parent ratios 0/0/1), so both runs generate, check and train the
 * same candidates whatever order their training ends in (an archive parent would depend on it).
 *
 * Threads: with `--threads T` every trainer of both runs gets T; without it each run resolves them
 * as `nngpt cycle` does (one trainer on every core, N trainers splitting the cores), so the ratio is
 * what turning `nngpt.training.parallel` up buys. N defaults to the auto value (cores / threads),
 * at least 2.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTally } from '../src/core/cycle/cycleTally';
import { defaultSearchSettings, runCycle, tallyKey } from '../src/core/cycle/runCycle';
import { getDataset } from '../src/core/datasets/registry';
import { buildGenerator } from '../src/core/generate/buildGenerator';
import { netApiChecker } from '../src/core/generate/netApiChecker';
import { NoveltyChecker } from '../src/core/novelty/noveltyChecker';
import { HistoryStore } from '../src/core/store/historyStore';
import { resolveTrainerParallelism } from '../src/core/training/trainerParallelism';
import { createExecutionCheck, createTrainPort } from '../src/core/training/trainerProcessPorts';
import { allCores } from '../src/core/training/wasmThreadCount';
import type { CycleStats } from '../src/shared/historyModel';

const root = join(__dirname, '..');
const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} needs a whole number ≥ 0, got '${process.argv[i + 1]}'`);
  return value;
};

/** One cycle's figures. */
interface Measured {
  readonly trainers: number;
  readonly wasmThreads: number;
  readonly wallS: number;
  readonly idleShare: number;
  readonly stats: CycleStats;
}

/** Runs one cycle of `candidates` with `trainers` trainers of `wasmThreads` threads each, in a fresh store. */
async function measure(
  candidates: number,
  maxBatches: number,
  trainers: number,
  wasmThreads: number,
): Promise<Measured> {
  const dataDir = '/usr/share/datasets/fashion-mnist';
  const dir = mkdtempSync(join(tmpdir(), 'nngpt-bench-loop-'));
  try {
    const store = await HistoryStore.open({ path: join(dir, 'history.sqlite') });
    const client = { cacheDir: join(dir, 'cache'), trainerPath: join(root, 'dist', 'trainer.js') };
    const shared = {
      epochs: 1,
      batchSize: 64,
      maxTrainBatches: maxBatches,
      dataDir,
      paramBudget: 500_000,
      backend: 'wasm' as const,
      wasmThreads,
    };
    const dataset = getDataset('fashion-mnist');
    const seedCode = readFileSync(join(root, 'examples', 'nets', 'referenceCnn.net.ts'), 'utf8');
    const started = Date.now();
    const result = await runCycle(
      {
        store,
        novelty: new NoveltyChecker(),
        generator: buildGenerator({ resourcesDir: root, dataset, paramBudget: 500_000 }),
        checker: netApiChecker,
        executionCheck: createExecutionCheck(client, { ...shared, dataset: dataset.id }),
        train: createTrainPort(client, shared),
      },
      { code: seedCode, fileName: 'referenceCnn.net.ts', name: 'referenceCnn' },
      {
        candidates,
        dataset: dataset.id,
        threshold: 0.5,
        trusted: true,
        k: 5,
        maxRepairs: 2,
        randomSeed: 11,
        parallel: trainers,
        search: { ...defaultSearchSettings, ratios: { exploit: 0, explore: 0, seed: 1 } },
      },
    );
    const wallS = (Date.now() - started) / 1000;
    const tally = parseTally(store.getMeta(tallyKey(result.cycleId)));
    await store.close();
    return { trainers, wasmThreads, wallS, idleShare: tally.trainerIdleS / (wallS * trainers), stats: result.stats };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(candidates: number, m: Measured): number {
  const perMinute = (m.stats.candidates / m.wallS) * 60;
  const s = m.stats;
  console.log(
    `${m.trainers} trainer(s) × ${m.wasmThreads} thread(s): ${m.wallS.toFixed(1)} s; valid ${s.valid}/${s.candidates}, trained ${s.trained}, admitted ${s.novelAdmitted}, best ${((s.best ?? 0) * 100).toFixed(1)}%`,
  );
  console.log(
    `loop-cycle-${candidates}-parallel-${m.trainers} candidates/min=${perMinute.toFixed(2)} trainer-idle=${(100 * m.idleShare).toFixed(1)}%`,
  );
  return perMinute;
}

async function main(): Promise<void> {
  const candidates = flag('--candidates', 8);
  const maxBatches = flag('--max-batches', 150);
  const threadsFlag = flag('--threads', allCores);
  const auto = resolveTrainerParallelism(0, threadsFlag);
  const parallel = Math.max(2, flag('--parallel', auto.trainers));
  const one = resolveTrainerParallelism(1, threadsFlag);
  const many = resolveTrainerParallelism(parallel, threadsFlag);
  console.log(
    `cycles of ${candidates} candidates (offline mutation, ${maxBatches} training batches each, fashion-mnist, wasm): 1 trainer, then ${parallel}`,
  );
  const single = report(candidates, await measure(candidates, maxBatches, one.trainers, one.wasmThreads));
  const parallelRate = report(candidates, await measure(candidates, maxBatches, many.trainers, many.wasmThreads));
  console.log(`loop-parallel-${parallel} ratio=${(parallelRate / single).toFixed(2)}x candidates/min over 1 trainer`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
