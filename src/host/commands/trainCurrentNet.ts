import * as path from 'node:path';
import * as vscode from 'vscode';
import { trainAndRecord } from '../../core/cycle/trainAndRecord';
import { checkNet } from '../../core/netApi/checkNet';
import { trainingConfig } from '../config';
import type { Engine } from '../engine';
import { requireTrust } from '../engine';
import { log } from '../log';
import { isNetDocument } from '../netFiles';
import { LiveRunTracker } from '../results/liveRunTracker';
import { ResultsPanel } from '../results/resultsPanel';
import { describeOutcome, reportRunProgress } from './trainingReports';

/**
 * `nngpt.trainCurrentNet` — trains the active Net with the proxy protocol in the background trainer
 * (1 epoch by default), records the variant, the run and its epochs in the history, and streams the
 * curves to the results panel. Refused in Restricted Mode and while Net-API errors remain.
 */
export async function trainCurrentNetCommand(engine: Engine, uri?: vscode.Uri): Promise<void> {
  if (!(await requireTrust('Training'))) return;
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || !isNetDocument(document)) {
    void vscode.window.showWarningMessage('NNGPT: open a Net file (see the "nngpt.netFiles" setting) to train it.');
    return;
  }
  const errors = checkNet(document.getText(), document.fileName).findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const choice = await vscode.window.showErrorMessage(
      `NNGPT: ${path.basename(document.fileName)} has ${errors.length} Net-API error(s); fix them before training (first: ${errors[0].message}).`,
      'Show Problems',
    );
    if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  if (document.isDirty) await document.save();
  const store = await engine.history.writable();
  if (!store) return;
  const settings = trainingConfig(document.uri);
  const name = path.basename(document.fileName).replace(/\.net\.[jt]s$|\.[jt]s$/i, '');
  const code = document.getText();
  const { id } = store.addVariant({ code, generator: 'manual', name, filePath: document.fileName, status: 'queued' });
  const hyperparameters = settings.hyperparameters;
  const train = engine.trainPort(document.uri);

  const result = await engine.jobs.run(`Training ${name} on ${settings.dataset}`, async (signal, reporter) => {
    let tracker: LiveRunTracker | undefined;
    const recorded = await trainAndRecord(
      store,
      train,
      {
        variantId: id,
        name,
        code,
        fileName: path.basename(document.fileName),
        dataset: settings.dataset,
        hyperparameters,
        signal,
      },
      {
        onRunStarted: (runId) =>
          (tracker = new LiveRunTracker(runId, name, (run) => ResultsPanel.instance?.showLive(run))),
        ...reportRunProgress(reporter, settings.epochs, settings.wasmThreads, (ready) =>
          tracker?.setBackend(ready.backend),
        ),
        onProgress: (p) => {
          tracker?.progress(p);
          reporter.status(`${name} · epoch ${p.epoch} · ${Math.floor((100 * p.batch) / Math.max(1, p.totalBatches))}%`);
          reporter.report(
            `epoch ${p.epoch}/${settings.epochs}, batch ${p.batch}/${p.totalBatches}, loss ${p.loss.toFixed(3)}, ${Math.round(p.samplesPerSec)} img/s`,
          );
        },
        onEpoch: (m) => {
          tracker?.epoch(m);
          log.info(
            `${name} epoch ${m.epoch}: test accuracy ${(m.testAccuracy * 100).toFixed(2)}%, train loss ${m.trainLoss.toFixed(4)}, ${Math.round(m.samplesPerSec)} img/s on ${m.backend}`,
          );
        },
      },
    );
    tracker?.finish();
    return recorded;
  });
  if (!result) return;
  const message = describeOutcome(name, settings.dataset, result.outcome);
  if (result.outcome.status === 'ok') {
    const choice = await vscode.window.showInformationMessage(`NNGPT: ${message}`, 'Show Results');
    if (choice) await vscode.commands.executeCommand('nngpt.showResults');
  } else if (result.outcome.status === 'cancelled') void vscode.window.showInformationMessage(`NNGPT: ${message}`);
  else void vscode.window.showErrorMessage(`NNGPT: ${message}`, 'Show Log').then((c) => c && log.show());
}
