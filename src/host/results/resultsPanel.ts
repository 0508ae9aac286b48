import * as vscode from 'vscode';
import type { HostToResults, LiveRun, ResultsToHost } from '../../shared/resultsProtocol';
import { Disposable } from '../disposable';
import type { HistorySource } from '../../shared/historyModel';
import { liveRunsInOrder, withLiveRun } from '../../shared/liveRuns';
import type { ArchiveGridView, ArchiveRequest } from '../../shared/searchModel';
import { searchConfig, trainingConfig } from '../config';
import { describeError, log } from '../log';
import { resultsHtml, resultsResourceRoots } from './resultsHtml';

/** The results panel's view type; also the serializer's key. */
export const resultsViewType = 'nngpt.results';

/** What the panel asks the rest of the extension to do for it. */
export interface ResultsHostActions {
  openVariant(variantId: string): Promise<void>;
  openDiff(leftVariantId: string, rightVariantId: string): Promise<void>;
}

/**
 * The results webview panel (one at a time). It talks to its page only in typed messages, sends a
 * snapshot after the page says `ready` and whenever the history changes, and streams the live run.
 */
export class ResultsPanel extends Disposable {
  private static current: ResultsPanel | undefined;
  private ready = false;
  /** The live runs by id, replayed to a page that loads (or reloads) while they train. */
  private live: ReadonlyMap<number, LiveRun> = new Map();
  private pendingFocus: string | undefined;
  /** What the page last said it shows (see the `rendered` message). */
  private shown: { runs: number; cycles: number; charts: number } | undefined;

  /** Shows the panel, creating it if needed. */
  static createOrShow(extensionUri: vscode.Uri, history: HistorySource, actions: ResultsHostActions): ResultsPanel {
    if (ResultsPanel.current) {
      ResultsPanel.current.panel.reveal();
      return ResultsPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(resultsViewType, 'NNGPT Results', vscode.ViewColumn.Beside, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: resultsResourceRoots(extensionUri),
    });
    return new ResultsPanel(panel, extensionUri, history, actions);
  }

  /** Re-attaches a panel VS Code restored after a reload. */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    history: HistorySource,
    actions: ResultsHostActions,
  ): ResultsPanel {
    ResultsPanel.current?.dispose();
    panel.webview.options = { enableScripts: true, localResourceRoots: resultsResourceRoots(extensionUri) };
    return new ResultsPanel(panel, extensionUri, history, actions);
  }

  /** The open panel, if any (live updates go nowhere when it is closed). */
  static get instance(): ResultsPanel | undefined {
    return ResultsPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly history: HistorySource,
    private readonly actions: ResultsHostActions,
  ) {
    super();
    ResultsPanel.current = this;
    panel.webview.html = resultsHtml(panel.webview, extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'nngpt.svg');
    this._register(panel.webview.onDidReceiveMessage((m: ResultsToHost) => this.receive(m)));
    this._register(history.onDidChange(() => this.sendSnapshot()));
    this._register(panel.onDidDispose(() => this.dispose()));
  }

  /** The editor group the panel is in (undefined while it is not shown). */
  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel.viewColumn;
  }

  /** What the page last reported drawing, or undefined before its first snapshot. */
  get rendered(): { runs: number; cycles: number; charts: number } | undefined {
    return this.shown;
  }

  /** Streams the state of a run being trained (one of several when a cycle runs parallel trainers). */
  showLive(run: LiveRun): void {
    this.live = withLiveRun(this.live, run);
    if (this.ready) this.post({ type: 'live', run });
  }

  /** Brings a variant's runs into view (after `ready` if the page is still loading). */
  focusVariant(variantId: string): void {
    if (this.ready) this.post({ type: 'focusVariant', variantId });
    else this.pendingFocus = variantId;
  }

  override dispose(): void {
    if (ResultsPanel.current === this) ResultsPanel.current = undefined;
    super.dispose();
    this.panel.dispose();
  }

  private receive(message: ResultsToHost): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendSnapshot();
        for (const run of liveRunsInOrder(this.live)) this.post({ type: 'live', run });
        if (this.pendingFocus) this.post({ type: 'focusVariant', variantId: this.pendingFocus });
        this.pendingFocus = undefined;
        break;
      case 'requestRunCurves': {
        const batchLoss = this.history.batchLossOf(message.runIds);
        const curves = message.runIds.map((runId) => ({
          runId,
          epochs: this.history.epochsOf(runId),
          batchLoss: batchLoss.get(runId) ?? [],
        }));
        this.post({ type: 'runCurves', requestId: message.requestId, curves });
        break;
      }
      case 'requestLineage':
        this.post({ type: 'lineage', requestId: message.requestId, nodes: this.history.lineage() });
        break;
      case 'requestArchive':
        this.post({ type: 'archive', requestId: message.requestId, grid: this.archiveGrid(message.request) });
        break;
      case 'openVariant':
        this.actions
          .openVariant(message.variantId)
          .catch((e) => log.error(`Could not open variant: ${describeError(e)}`));
        break;
      case 'rendered':
        this.shown = { runs: message.runs, cycles: message.cycles, charts: message.charts };
        log.debug(`Results panel shows ${message.runs} runs, ${message.cycles} cycles, ${message.charts} charts`);
        break;
      case 'openDiff':
        this.actions
          .openDiff(message.leftVariantId, message.rightVariantId)
          .catch((e) => log.error(`Could not open diff: ${describeError(e)}`));
        break;
    }
  }

  /** The grid the settings describe (nngpt.archive.*, nngpt.search.islands), rebuilt from the store. */
  private archiveGrid(request: ArchiveRequest): ArchiveGridView | null {
    const search = searchConfig();
    return (
      this.history.archiveGrid({
        ...request,
        paramBuckets: search.archive.paramBuckets,
        descriptor: search.archive.descriptor,
        islands: search.islands ?? 1,
        fallbackDataset: trainingConfig().dataset,
      }) ?? null
    );
  }

  private sendSnapshot(): void {
    if (!this.ready) return;
    this.post({ type: 'snapshot', runs: this.history.runs(), cycles: this.history.cycleStats() });
  }

  private post(message: HostToResults): void {
    void this.panel.webview.postMessage(message);
  }
}
