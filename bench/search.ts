/**
 * `npm run bench:search [-- --cycles 3 --candidates 4 --seeds 3 --max-batches 30 --threads 1 --strategies archive,greedy]`:
 * the archive search against the greedy loop before it, at one fixed training budget, measured in
 * the same run. Each strategy runs the multi-cycle loop (runCycles, as `nngpt cycle` does) from the
 * reference CNN with the offline mutation generator, the static and execution checks, novelty and
 * the forked sandboxed trainer on real Fashion-MNIST, once per generation seed on a store of its
 * own. Runs alternate strategies seed by seed, so a change in the machine's load falls on both.
 * Prints per strategy the best and mean admitted accuracy with 95% intervals across seeds, archive
 * coverage, valid rate, candidates and wall time, then the paired verdict.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../src/core/cycle/archive';
import type { CycleEvent } from '../src/core/cycle/runCycle';
import { runCycles } from '../src/core/cycle/runCycles';
import { getDataset } from '../src/core/datasets/registry';
import { buildGenerator } from '../src/core/generate/buildGenerator';
import { netApiChecker } from '../src/core/generate/netApiChecker';
import { NoveltyChecker } from '../src/core/novelty/noveltyChecker';
import { HistoryStore } from '../src/core/store/historyStore';
import { epochBudgetFromMinutes } from '../src/core/training/pace';
import { createExecutionCheck, createTrainPort } from '../src/core/training/trainerProcessPorts';
import type { SearchArgs, SearchStrategy } from './lib/searchArgs';
import { generationSeed, parseSearchArgs, strategySettings } from './lib/searchArgs';
import type { SearchRun } from './lib/searchSummary';
import { formatStrategy, pairedDifference, summarizeStrategy, verdict } from './lib/searchSummary';

const root = join(__dirname, '..');
const dataset = getDataset('fashion-mnist');

/** One strategy from one generation seed, on a fresh store; returns what it measured. */
async function runOne(args: SearchArgs, strategy: SearchStrategy, seed: number): Promise<SearchRun> {
  const dir = mkdtempSync(join(tmpdir(), 'nngpt-bench-search-'));
  const store = await HistoryStore.open({ path: join(dir, 'history.sqlite') });
  const client = { cacheDir: join(dir, 'cache'), trainerPath: join(root, 'dist', 'trainer.js') };
  const shared = {
    epochs: 1,
    batchSize: 64,
    maxTrainBatches: args.maxBatches,
    dataDir: args.dataDir,
    paramBudget: 500_000,
    wasmThreads: args.threads,
  };
  const search = strategySettings[strategy];
  const admitted: number[] = [];
  const say = (line: string) => args.verbose && process.stderr.write(`    ${strategy} seed ${seed} ${line}\n`);
  const onEvent = (e: CycleEvent) => {
    if (e.type === 'trained' && e.admitted && e.accuracy !== null) admitted.push(e.accuracy);
    if (e.type === 'candidate')
      say(`candidate ${e.candidate} from ${e.parentName} (${e.reason}): ${e.status} — ${e.message}`);
    else if (e.type === 'trained') say(e.message);
  };
  const started = Date.now();
  try {
    const loop = await runCycles(
      {
        store,
        newNovelty: () => new NoveltyChecker(),
        generator: buildGenerator({ resourcesDir: root, dataset, paramBudget: shared.paramBudget }),
        checker: netApiChecker,
        executionCheck: createExecutionCheck(client, {
          ...shared,
          dataset: dataset.id,
          epochBudgetS: epochBudgetFromMinutes(args.maxEpochMinutes),
        }),
        train: createTrainPort(client, shared),
      },
      {
        code: readFileSync(join(root, 'examples', 'nets', 'referenceCnn.net.ts'), 'utf8'),
        fileName: 'referenceCnn.net.ts',
        name: 'referenceCnn',
      },
      {
        count: args.cycles,
        candidates: args.candidates,
        dataset: dataset.id,
        threshold: args.threshold,
        stopMinGainPoints: 0,
        trusted: true,
        k: 5,
        maxRepairs: 2,
        randomSeed: seed,
        search,
      },
      {
        onEvent,
        onCycleEnd: (r) =>
          process.stderr.write(
            `  ${strategy} seed ${seed} cycle ${r.stats.index}: valid ${r.stats.valid}/${r.stats.candidates}, admitted ${r.stats.novelAdmitted}, best ${r.stats.best === null ? '—' : (r.stats.best * 100).toFixed(1) + '%'}, ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
          ),
      },
    );
    // The same grid for both strategies, rebuilt from what each measured: greedy fills cells too, by chance.
    const archive = Archive.rebuild(store, dataset.id, search.archive);
    const stats = loop.cycles.map((c) => c.stats);
    return {
      strategy,
      seed,
      candidates: stats.reduce((a, s) => a + s.candidates, 0),
      valid: stats.reduce((a, s) => a + s.valid, 0),
      trained: stats.reduce((a, s) => a + s.trained, 0),
      admitted,
      cellsFilled: archive.filled,
      cells: archive.cells ?? archive.filled,
      wallS: (Date.now() - started) / 1000,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseSearchArgs(process.argv.slice(2));
  const threshold = args.threshold;
  console.log(
    `bench:search — ${args.cycles} cycles × ${args.candidates} candidates × ${args.seeds} seeds per strategy, ${args.maxBatches} training batches of 64 per candidate, ${args.threads} trainer thread${args.threads === 1 ? '' : 's'}, ${args.parallel} run${args.parallel === 1 ? '' : 's'} at once, threshold ${(threshold * 100).toFixed(0)}%, epoch budget ${args.maxEpochMinutes} min, offline mutation generator, fashion-mnist`,
  );
  console.log(`load average at start: ${loadavg()[0].toFixed(2)} on ${cpus().length} cores`);
  // Seed-major order: with --parallel 2, one seed's two strategies train side by side.
  const tasks = Array.from({ length: args.seeds }, (_, i) =>
    args.strategies.map((s) => ({ s, seed: generationSeed(i) })),
  ).flat();
  const runs: SearchRun[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const { s, seed } = tasks[next++];
      const run = await runOne(args, s, seed);
      runs.push(run);
      const best = run.admitted.length ? `${(Math.max(...run.admitted) * 100).toFixed(1)}%` : '—';
      console.log(
        `${s} seed ${run.seed}: valid ${run.valid}/${run.candidates}, trained ${run.trained}, admitted ${run.admitted.length}, best ${best}, cells ${run.cellsFilled}/${run.cells}, ${run.wallS.toFixed(0)} s`,
      );
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: Math.min(args.parallel, tasks.length) }, worker));
  console.log(`all runs: ${((Date.now() - started) / 60_000).toFixed(1)} min wall`);
  console.log('');
  const summaries = args.strategies.map((s) => summarizeStrategy(s, runs));
  for (const s of summaries) console.log(formatStrategy(s));
  console.log(`load average at end: ${loadavg()[0].toFixed(2)}`);
  const [a, b] = args.strategies;
  if (b) {
    const sa = summaries[0];
    const sb = summaries[1];
    console.log('');
    console.log('verdict (at equal training budget):');
    for (const metric of ['best', 'meanAdmitted', 'coverage'] as const)
      console.log(`  ${verdict(sa, sb, pairedDifference(runs, a, b, metric), metric)}`);
    console.log(`search-${a}-vs-${b} wall-ratio=${(sa.wallS / Math.max(1e-9, sb.wallS)).toFixed(2)}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
