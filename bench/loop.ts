/**
 * `npm run bench:loop [-- --candidates 8 --max-batches 150]`: one offline cycle of N candidates from the
 * reference CNN on real Fashion-MNIST through the real pieces — mutation generator, static and
 * execution checks, novelty, the forked sandboxed trainer, a history store on disk. Prints candidates
 * per minute and the share of the cycle's wall time the trainer sat waiting for a candidate (the
 * loop overlaps generation with training, so it should be small).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCycle } from '../src/core/cycle/runCycle';
import { buildGenerator } from '../src/core/generate/buildGenerator';
import { netApiChecker } from '../src/core/generate/netApiChecker';
import { getDataset } from '../src/core/datasets/registry';
import { NoveltyChecker } from '../src/core/novelty/noveltyChecker';
import { HistoryStore } from '../src/core/store/historyStore';
import { createExecutionCheck, createTrainPort } from '../src/core/training/trainerProcessPorts';
import { parseTally } from '../src/core/cycle/cycleTally';
import { tallyKey } from '../src/core/cycle/runCycle';

const root = join(__dirname, '..');
const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main(): Promise<void> {
  const candidates = flag('--candidates', 8);
  const maxBatches = flag('--max-batches', 150);
  const dataDir = '/usr/share/datasets/fashion-mnist';
  const dir = mkdtempSync(join(tmpdir(), 'nngpt-bench-loop-'));
  const store = await HistoryStore.open({ path: join(dir, 'history.sqlite') });
  const client = { cacheDir: join(dir, 'cache'), trainerPath: join(root, 'dist', 'trainer.js') };
  const shared = { epochs: 1, batchSize: 64, maxTrainBatches: maxBatches, dataDir, paramBudget: 500_000 };
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
    { candidates, dataset: dataset.id, threshold: 0.5, trusted: true, k: 5, maxRepairs: 2, randomSeed: 11 },
  );
  const wallS = (Date.now() - started) / 1000;
  const tally = parseTally(store.getMeta(tallyKey(result.cycleId)));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const s = result.stats;
  console.log(
    `cycle of ${candidates} candidates (offline mutation, ${maxBatches} training batches each, fashion-mnist): ${wallS.toFixed(1)} s`,
  );
  console.log(
    `valid ${s.valid}/${s.candidates}, trained ${s.trained}, admitted ${s.novelAdmitted}, best ${((s.best ?? 0) * 100).toFixed(1)}%`,
  );
  console.log(
    `loop-cycle-${candidates} candidates/min=${((candidates / wallS) * 60).toFixed(2)} trainer-idle=${((100 * tally.trainerIdleS) / wallS).toFixed(1)}%`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
