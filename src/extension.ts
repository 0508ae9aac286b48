import * as path from 'node:path';
import * as vscode from 'vscode';
import { clearApiKeyCommand, setApiKeyCommand } from './host/commands/apiKey';
import { exportCorpusCommand } from './host/commands/exportCorpus';
import { fixAllCommand } from './host/commands/fixAll';
import { generateVariantCommand } from './host/commands/generateVariant';
import { copyVariantId, deleteVariant, diffWithParent, openVariant } from './host/commands/historyCommands';
import { openReferenceNetCommand } from './host/commands/openReferenceNet';
import { runCycleCommand } from './host/commands/runCycle';
import { resultsSerializer, showResultsCommand } from './host/commands/showResults';
import { trainCurrentNetCommand } from './host/commands/trainCurrentNet';
import { NetCodeActions } from './host/diagnostics/netCodeActions';
import { NetDiagnostics } from './host/diagnostics/netDiagnostics';
import { Engine } from './host/engine';
import type { HistoryNode } from './host/history/cycleHistoryTree';
import { CycleHistoryTree } from './host/history/cycleHistoryTree';
import { HistoryHost } from './host/history/historyHost';
import { VariantDocuments, variantScheme } from './host/history/variantDocuments';
import { JobRunner } from './host/jobs/jobRunner';
import { log } from './host/log';
import { ResultsPanel, resultsViewType } from './host/results/resultsPanel';
import { ApiKeyStore } from './host/secrets';

/** Languages whose documents may be Net files; `isNetDocument` narrows by the `nngpt.netFiles` globs. */
const netSelector: vscode.DocumentSelector = [{ language: 'typescript' }, { language: 'javascript' }];

let history: HistoryHost | undefined;

/** What `activate` hands to other extensions and to the integration tests. */
export interface NngptApi {
  /** What the results panel's page last reported drawing; undefined when it is closed or still loading. */
  resultsRendered(): { runs: number; cycles: number; charts: number } | undefined;
}

/** Creates and registers every part; no logic lives here. */
export function activate(context: vscode.ExtensionContext): NngptApi {
  const diagnostics = new NetDiagnostics();
  history = new HistoryHost(path.join(context.extensionUri.fsPath, 'dist'));
  const jobs = new JobRunner();
  const engine = new Engine(
    context.extensionUri,
    context.globalStorageUri,
    history,
    jobs,
    new ApiKeyStore(context.secrets),
  );
  const tree = new CycleHistoryTree(history);
  const command = (id: string, run: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, run);
  context.subscriptions.push(
    log,
    diagnostics,
    history,
    jobs,
    { dispose: () => void engine.dispose() },
    tree,
    vscode.languages.registerCodeActionsProvider(netSelector, new NetCodeActions(diagnostics), NetCodeActions.metadata),
    vscode.window.registerTreeDataProvider('nngpt.cycleHistory', tree),
    vscode.workspace.registerTextDocumentContentProvider(variantScheme, new VariantDocuments(history)),
    vscode.window.registerWebviewPanelSerializer(resultsViewType, resultsSerializer(engine)),
    command('nngpt.fixAll', fixAllCommand),
    command('nngpt.openReferenceNet', () => openReferenceNetCommand(context.extensionUri)),
    command('nngpt.generateVariant', () => generateVariantCommand(engine)),
    command('nngpt.trainCurrentNet', (uri?: vscode.Uri) =>
      trainCurrentNetCommand(engine, uri instanceof vscode.Uri ? uri : undefined),
    ),
    command(
      'nngpt.stopTraining',
      () => jobs.stop() || vscode.window.showInformationMessage('NNGPT: nothing is running.'),
    ),
    command('nngpt.runCycle', () => runCycleCommand(engine)),
    command('nngpt.showResults', (node?: HistoryNode) => showResultsCommand(engine, node)),
    command('nngpt.setApiKey', () => setApiKeyCommand(engine.keys)),
    command('nngpt.clearApiKey', () => clearApiKeyCommand(engine.keys)),
    command('nngpt.exportCorpus', () => exportCorpusCommand(engine)),
    command('nngpt.history.refresh', () => tree.refresh()),
    command('nngpt.history.open', (node?: HistoryNode) => openVariant(engine.history, node)),
    command('nngpt.history.diffWithParent', (node?: HistoryNode) => diffWithParent(engine.history, node)),
    command(
      'nngpt.history.train',
      (node?: HistoryNode) =>
        node?.kind === 'variant' &&
        node.variant.filePath &&
        trainCurrentNetCommand(engine, vscode.Uri.file(node.variant.filePath)),
    ),
    command('nngpt.history.showInResults', (node?: HistoryNode) => showResultsCommand(engine, node)),
    command('nngpt.history.copyId', (node?: HistoryNode) => copyVariantId(engine.history, node)),
    command('nngpt.history.delete', (node?: HistoryNode) => deleteVariant(engine.history, node)),
  );
  log.info(`NNGPT activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'restricted'}).`);
  return { resultsRendered: () => ResultsPanel.instance?.rendered };
}

/** Stops a running job (which ends its trainer process) and writes the history to disk. */
export function deactivate(): Promise<void> | undefined {
  return history?.close();
}
