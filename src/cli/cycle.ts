/**
 * `nngpt cycle [net]`: the closed loop of the novelty-loop paper ("From Memorization to Creativity"),
 * headless. Generates candidates from the seed (the
 * shipped reference CNN by default) with the offline mutation generator or an LLM, checks,
 * deduplicates and novelty-checks them, trains the novel ones in the sandboxed trainer, admits those
 * above the threshold, records everything in the history store, and prints each cycle's table.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CycleEvent, CycleSeed } from '../core/cycle/runCycle';
import { runCycles } from '../core/cycle/runCycles';
import { saveVariantsIn, variantsDirFor } from '../core/cycle/variantFiles';
import { getDataset } from '../core/datasets/registry';
import { buildGenerator, findResourceRoot } from '../core/generate/buildGenerator';
import { netApiChecker } from '../core/generate/netApiChecker';
import { defaultLlmSettings } from '../core/llm/llmClient';
import { NoveltyChecker } from '../core/novelty/noveltyChecker';
import { defaultStorePath, HistoryStore } from '../core/store/historyStore';
import { StoreError } from '../core/store/storeErrors';
import { epochBudgetFromMinutes } from '../core/training/pace';
import { createExecutionCheck, createTrainPort } from '../core/training/trainerProcessPorts';
import { openQueueTrainPort } from '../distributed/queueTrainPort';
import { redactRedisUrl } from '../distributed/redisUrl';
import type { CycleArgs } from './cycleArgs';
import { cycleHelp, parseCycleArgs } from './cycleArgs';
import { CycleTable } from './cycleTable';

/** Runs `nngpt cycle`; resolves to the exit code (0 done, 1 interrupted, 2 usage or setup error). */
export async function runCycleCli(args: string[]): Promise<number> {
  const parsed = parseCycleArgs(args);
  if (parsed === 'help') return (void process.stdout.write(cycleHelp + '\n'), 0);
  if (typeof parsed === 'string') return (void process.stderr.write(`nngpt cycle: ${parsed}\n\n${cycleHelp}\n`), 2);
  const resources = findResourceRoot(__dirname);
  if (!resources)
    return (
      void process.stderr.write("nngpt cycle: cannot find the 'prompts' and 'snippets' folders shipped with nngpt\n"),
      2
    );
  const seedFile = parsed.net ?? path.join(resources, 'examples', 'nets', 'referenceCnn.net.ts');
  let seedCode: string;
  try {
    seedCode = await fs.readFile(seedFile, 'utf8');
  } catch (e) {
    return (void process.stderr.write(`nngpt cycle: cannot read '${seedFile}': ${(e as Error).message}\n`), 2);
  }
  let store: HistoryStore;
  try {
    store = await HistoryStore.open({ path: parsed.store ?? defaultStorePath(process.cwd()), wasmDirs: [__dirname] });
  } catch (e) {
    return (
      void process.stderr.write(`nngpt cycle: ${e instanceof StoreError ? e.message : (e as Error).message}\n`),
      2
    );
  }
  const controller = new AbortController();
  const interrupt = () => {
    process.stderr.write('\nnngpt cycle: stopping after the current step (Ctrl+C again to kill)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  try {
    return await cycles(
      parsed,
      resources,
      store,
      {
        code: seedCode,
        fileName: path.basename(seedFile),
        name: path.basename(seedFile).replace(/\.net\.[jt]s$|\.[jt]s$/i, ''),
        filePath: path.resolve(seedFile),
      },
      controller.signal,
    );
  } catch (e) {
    process.stderr.write(`nngpt cycle: ${(e as Error).message}\n`);
    return 2;
  } finally {
    process.removeListener('SIGINT', interrupt);
    await store.close();
  }
}

async function cycles(
  a: CycleArgs,
  resources: string,
  store: HistoryStore,
  firstSeed: CycleSeed,
  signal: AbortSignal,
): Promise<number> {
  const dataset = getDataset(a.train.spec.dataset);
  const apiKey = process.env.OPENAI_API_KEY ?? '';
  const generator = buildGenerator({
    resourcesDir: resources,
    promptOverrideDir: path.resolve('.nngpt', 'prompts'),
    dataset,
    paramBudget: a.paramBudget,
    llm: a.llm
      ? {
          settings: {
            ...defaultLlmSettings,
            ...(a.baseUrl ? { baseUrl: a.baseUrl } : {}),
            ...(a.model ? { model: a.model } : {}),
          },
          apiKey,
          editFormat: a.editFormat,
        }
      : undefined,
  });
  const clientOptions = {
    cacheDir: a.train.cacheDir,
    trainerPath: a.train.trainerPath,
    memoryLimitMB: a.train.memoryLimitMB,
    wallTimeLimitS: a.train.wallTimeLimitS,
    noProgressS: a.train.noProgressS,
    checkTimeLimitS: a.checkTimeLimitS,
    permissionModel: a.train.permissionModel,
  };
  const { dataset: _d, hyperparameters: _h, ...shared } = a.train.spec;
  const variantsDir = variantsDirFor(store.path);
  const say = (line: string) => !a.json && process.stderr.write(line + '\n');
  const summaries: unknown[] = [];
  let table = new CycleTable();
  const names = new Map<number, string>();
  // The execution check stays local (seconds); training goes to the pool when --redis names one.
  const queue = a.redisUrl ? await openQueueTrainPort({ redisUrl: a.redisUrl, shared, log: say }) : undefined;
  if (queue) say(`training on the worker pool at ${redactRedisUrl(a.redisUrl!)}`);
  const loop = await runCycles(
    {
      store,
      newNovelty: () => new NoveltyChecker(),
      generator,
      checker: netApiChecker,
      executionCheck: createExecutionCheck(clientOptions, {
        ...shared,
        dataset: dataset.id,
        epochBudgetS: epochBudgetFromMinutes(a.maxEpochMinutes),
      }),
      train: queue ? queue.train : createTrainPort(clientOptions, shared),
      saveVariant: saveVariantsIn(variantsDir),
    },
    firstSeed,
    {
      count: a.cycles,
      candidates: a.candidates,
      dataset: dataset.id,
      threshold: a.threshold,
      stopMinGainPoints: a.stopGain,
      trusted: true,
      k: a.k,
      maxRepairs: a.repairs,
      randomSeed: a.randomSeed,
      search: a.search,
      parallel: a.parallel,
    },
    {
      signal,
      onEvent: (e) => progress(e, table, names, say),
      onCycleEnd: (result) => {
        if (!a.json) process.stdout.write(table.render(result.stats) + '\n');
        table = new CycleTable();
        summaries.push({
          cycleId: result.cycleId,
          status: result.status,
          stats: result.stats,
          best: result.best
            ? {
                id: result.best.id,
                name: result.best.name,
                accuracy: result.best.accuracy,
                file: result.best.filePath ?? null,
              }
            : null,
        });
      },
    },
  ).finally(() => queue?.close());
  if (loop.stoppedEarly)
    say(`stopping: mean accuracy gained less than ${loop.stoppedEarly.minGainPoints} points over three cycles`);
  if (a.json) process.stdout.write(JSON.stringify({ store: store.path, cycles: summaries }, null, 2) + '\n');
  else process.stdout.write(`history: ${store.path}${existsSync(variantsDir) ? `\nvariants: ${variantsDir}` : ''}\n`);
  return signal.aborted ? 1 : 0;
}

/** Prints a cycle's progress; a run's lines carry its variant's name, as parallel trainers interleave them. */
function progress(e: CycleEvent, table: CycleTable, names: Map<number, string>, say: (line: string) => void): void {
  table.add(e);
  switch (e.type) {
    case 'training':
      names.set(e.runId, e.name);
      return;
    case 'started':
      return say(`cycle ${e.index}${e.resumed ? ' (resumed)' : ''}`);
    case 'candidate':
      return say(`  candidate ${e.candidate}: ${e.status}${e.name ? ` ${e.name}` : ''} — ${e.message}`);
    case 'ready':
      if (table.backendShown === e.ready.backend) return;
      table.backendShown = e.ready.backend;
      say(`  training on ${e.ready.backend}`);
      for (const skipped of e.ready.skipped) say(`    skipped ${skipped.backend}: ${skipped.reason}`);
      return;
    case 'progress':
      if (e.progress.batch % 200 === 0)
        say(
          `    ${names.get(e.runId) ?? `run ${e.runId}`}: batch ${e.progress.batch}/${e.progress.totalBatches} loss ${e.progress.loss.toFixed(3)} ${Math.round(e.progress.samplesPerSec)} img/s`,
        );
      return;
    case 'trained':
      names.delete(e.runId);
      return say(`  ${e.message.startsWith(e.name) ? e.message : `${e.name}: ${e.message}`}`);
    default:
      return;
  }
}
