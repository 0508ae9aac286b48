import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CycleEvent, CycleSeed } from '../../core/cycle/runCycle';
import { runCycles } from '../../core/cycle/runCycles';
import { saveVariantsIn, variantsDirFor } from '../../core/cycle/variantFiles';
import { netApiChecker } from '../../core/generate/netApiChecker';
import { NoveltyChecker } from '../../core/novelty/noveltyChecker';
import type { HistoryStore } from '../../core/store/historyStore';
import type { JobReporter } from '../jobs/jobRunner';
import { cycleConfig, generateConfig, searchConfig, trainingConfig } from '../config';
import type { Engine } from '../engine';
import { requireTrust } from '../engine';
import { log } from '../log';
import { isNetDocument } from '../netFiles';
import { LiveRunTracker } from '../results/liveRunTracker';
import { ResultsPanel } from '../results/resultsPanel';
import { reportRunProgress } from './trainingReports';

/**
 * `nngpt.runCycle` — the novelty-loop paper's closed loop from the active Net: `nngpt.cycle.count` cycles of
 * `nngpt.cycle.candidates` candidates, each candidate made from a parent drawn from the archive of
 * elites (src/core/cycle/runCycles.ts, the loop `nngpt cycle` runs too). An interrupted cycle (a
 * reload, a crash) is offered for resumption first.
 */
export async function runCycleCommand(engine: Engine): Promise<void> {
  if (!(await requireTrust('Running a cycle'))) return;
  const store = await engine.history.writable();
  if (!store) return;
  const start = await chooseStart(store);
  if (!start) return;
  const scope = vscode.Uri.file(start.seed.filePath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '.');
  const generator = await engine.generator(scope);
  if (!generator) return;
  const c = cycleConfig(scope);
  const g = generateConfig(scope);
  const { problems, ...search } = searchConfig(scope);
  for (const problem of problems) void vscode.window.showWarningMessage(`NNGPT: ${problem}`);
  const training = trainingConfig(scope);
  const dataset = training.dataset;
  const settings = {
    count: c.count,
    candidates: c.candidates,
    dataset,
    thresholds: c.thresholds,
    stopMinGainPoints: c.stopMinGainPoints,
    trusted: true,
    k: g.snippets,
    maxRepairs: g.maxRepairs,
    randomSeed: Date.now() % 100000,
    search,
    parallel: training.parallel.trainers,
  };
  const variantsDir = variantsDirFor(store.path);

  await engine.jobs.run(
    `Cycle from ${start.seed.name} (${settings.candidates} candidates, ${dataset})`,
    async (signal, reporter) => {
      // The cores the cycle's training uses in all: the "wasm runs on 1 core" hint is for one lone thread only.
      const onEvent = cycleReporter(reporter, training.parallel.trainers * training.parallel.wasmThreads);
      const loop = await runCycles(
        {
          store,
          newNovelty: () =>
            new NoveltyChecker({ nearDuplicateThreshold: c.nearDuplicateThreshold, lshThreshold: c.lshThreshold }),
          generator,
          checker: netApiChecker,
          executionCheck: engine.executionCheck(scope),
          train: engine.cycleTrainPort(scope),
          saveVariant: saveVariantsIn(variantsDir),
        },
        start.seed,
        settings,
        { signal, resumeCycleId: start.resumeCycleId, onEvent },
      );
      if (loop.stoppedEarly) {
        void vscode.window.showInformationMessage(
          `NNGPT: stopping after cycle ${loop.stoppedEarly.afterIndex}: mean accuracy gained less than ${loop.stoppedEarly.minGainPoints} points over three cycles.`,
        );
      }
    },
  );
  await vscode.commands.executeCommand('nngpt.cycleHistory.focus');
}

/**
 * Shows a running loop in the progress notification, the log and the results panel's live runs:
 * one tracker per run, keyed by its id, since several trainers may be live at once.
 */
function cycleReporter(reporter: JobReporter, wasmThreads: number): (e: CycleEvent) => void {
  const live = new Map<number, { tracker: LiveRunTracker; name: string; percent: number }>();
  const newHooks = () => reportRunProgress(reporter, 1, wasmThreads);
  let hooks = newHooks();
  const showStatus = () => {
    const runs = [...live.values()];
    if (runs.length === 1) reporter.status(`training · ${runs[0].percent}%`);
    else if (runs.length > 1)
      reporter.status(`training ${runs.length} · ${runs.map((r) => `${r.percent}%`).join(', ')}`);
  };
  return (e) => {
    switch (e.type) {
      case 'started':
        hooks = newHooks(); // each cycle reports its backend afresh, as before the loop moved to the core
        reporter.report(`cycle ${e.index}${e.resumed ? ' (resumed)' : ''}`);
        break;
      case 'generating':
        reporter.status(e.message.toLowerCase());
        break;
      case 'candidate':
        log.info(
          `candidate ${e.candidate} from ${e.parentName ?? '?'} (${e.reason ?? '?'}): ${e.status}${e.editOutcome ? `, ${e.editOutcome}` : ''}${e.tokens ? `, ${e.tokens.promptTokens} + ${e.tokens.completionTokens} tokens` : ''} — ${e.message}`,
        );
        reporter.report(`candidate ${e.candidate}: ${e.status}`);
        break;
      case 'training':
        live.set(e.runId, {
          tracker: new LiveRunTracker(e.runId, e.name, (run) => ResultsPanel.instance?.showLive(run)),
          name: e.name,
          percent: 0,
        });
        reporter.report(`training ${e.name}`);
        break;
      case 'ready':
        hooks.onReady?.(e.ready);
        live.get(e.runId)?.tracker.setBackend(e.ready.backend);
        break;
      case 'progress': {
        const run = live.get(e.runId);
        if (!run) break;
        run.tracker.progress(e.progress);
        run.percent = Math.floor((100 * e.progress.batch) / Math.max(1, e.progress.totalBatches));
        showStatus();
        break;
      }
      case 'epoch':
        live.get(e.runId)?.tracker.epoch(e.metrics);
        break;
      case 'trained':
        live.get(e.runId)?.tracker.finish();
        live.delete(e.runId);
        log.info(e.message);
        reporter.report(e.message);
        break;
      case 'finished': {
        const x = e.stats.search;
        const cost =
          x && x.promptTokens + x.completionTokens > 0 ? `, tokens ${x.promptTokens} + ${x.completionTokens}` : '';
        const parents = x
          ? `, parents exploit ${x.parents.exploit} / explore ${x.parents.explore} / seed ${x.parents.seed}, archive cells ${x.archiveFilled}`
          : '';
        log.info(
          `cycle ${e.stats.index}: valid ${e.stats.valid}/${e.stats.candidates}, best ${pct(e.stats.best)}, mean ${pct(e.stats.mean)}, admitted ${e.stats.novelAdmitted}, corpus ${e.stats.corpusSize}${parents}${cost}`,
        );
        break;
      }
    }
  };
}

/** The seed to start from, or an interrupted cycle to resume; undefined when the user cancels. */
async function chooseStart(store: HistoryStore): Promise<{ seed: CycleSeed; resumeCycleId?: number } | undefined> {
  const interrupted = store
    .listCycles()
    .filter((c) => c.status === 'running')
    .pop();
  const seedId = typeof interrupted?.config?.seedId === 'string' ? interrupted.config.seedId : undefined;
  const stored = seedId ? store.getVariant(seedId) : undefined;
  if (interrupted && stored) {
    const choice = await vscode.window.showInformationMessage(
      `NNGPT: cycle ${interrupted.id} was interrupted. Resume it?`,
      'Resume',
      'Start a New Cycle',
    );
    if (!choice) return undefined;
    const seed = {
      code: stored.code,
      fileName: `${stored.name ?? 'seed'}.net.ts`,
      name: stored.name ?? stored.id.slice(0, 8),
      filePath: stored.filePath ?? undefined,
    };
    if (choice === 'Resume') return { seed, resumeCycleId: interrupted.id };
    store.endCycle(interrupted.id, 'cancelled');
  }
  const document = vscode.window.activeTextEditor?.document;
  if (!document || !isNetDocument(document)) {
    void vscode.window.showWarningMessage(
      'NNGPT: open the Net to start the cycle from (NNGPT: Open Reference Net gives you one).',
    );
    return undefined;
  }
  if (document.isDirty) await document.save();
  const name = path.basename(document.fileName).replace(/\.net\.[jt]s$|\.[jt]s$/i, '');
  return {
    seed: { code: document.getText(), fileName: path.basename(document.fileName), name, filePath: document.fileName },
  };
}

function pct(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}
