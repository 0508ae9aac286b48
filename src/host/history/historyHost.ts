import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { StoreHistory } from '../../core/history/storeHistory';
import { HistoryStore } from '../../core/store/historyStore';
import { StoreLockedError, StoreUnusableError } from '../../core/store/storeErrors';
import type {
  BatchLossPoint,
  CycleRow,
  CycleStats,
  EpochRow,
  HistorySource,
  RunRow,
  VariantDetail,
  VariantRow,
} from '../../shared/historyModel';
import type { ArchiveGridQuery, ArchiveGridView, LineageNode } from '../../shared/searchModel';
import { storePath } from '../config';
import { Disposable } from '../disposable';
import { describeError, log } from '../log';

/**
 * Owns the workspace's history store: opens it when it exists (so the views show it) or when a
 * command first writes, reports a held lock or an unusable file in words, and closes it — with a
 * last flush — when the extension stops. The views read through it as a `HistorySource`, which is
 * empty until the store is open.
 */
export class HistoryHost extends Disposable implements HistorySource {
  private store: HistoryStore | undefined;
  private view: StoreHistory | undefined;
  private opening: Promise<HistoryStore | undefined> | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly wasmDir: string) {
    super();
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder && fs.existsSync(storePath(folder.uri))) void this.open(false);
  }

  /** The store for writing, opened on first use; undefined (after telling the user why) when it cannot be written. */
  async writable(): Promise<HistoryStore | undefined> {
    const store = this.store ?? (await this.open(true));
    if (store?.readOnly) {
      void vscode.window.showErrorMessage(
        `NNGPT: the history ${store.path} is open read-only because another NNGPT process (a second window or the nngpt CLI) is writing it. Close that one and reload this window.`,
      );
      return undefined;
    }
    return store;
  }

  /** Opens the store if its file exists (read-only when another process writes it); views call this before reading. */
  async ensureOpen(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!this.store && folder && fs.existsSync(storePath(folder.uri))) await this.open(false);
  }

  /** Flushes and closes the store (deactivate awaits this). */
  async close(): Promise<void> {
    clearTimeout(this.refreshTimer);
    const store = this.store;
    this.store = undefined;
    this.view?.dispose();
    this.view = undefined;
    if (store) await store.close().catch((e) => log.error(`Closing the history failed: ${describeError(e)}`));
  }

  cycles(): readonly CycleRow[] {
    return this.view?.cycles() ?? [];
  }
  variantsOf(cycleId: number | null): readonly VariantRow[] {
    return this.view?.variantsOf(cycleId) ?? [];
  }
  variant(id: string): VariantDetail | undefined {
    return this.view?.variant(id);
  }
  runs(): readonly RunRow[] {
    return this.view?.runs() ?? [];
  }
  epochsOf(runId: number): readonly EpochRow[] {
    return this.view?.epochsOf(runId) ?? [];
  }
  batchLossOf(runIds: readonly number[]): ReadonlyMap<number, readonly BatchLossPoint[]> {
    return this.view?.batchLossOf(runIds) ?? new Map();
  }
  cycleStats(): readonly CycleStats[] {
    return this.view?.cycleStats() ?? [];
  }
  lineage(): readonly LineageNode[] {
    return this.view?.lineage() ?? [];
  }
  archiveGrid(query: ArchiveGridQuery): ArchiveGridView | undefined {
    return this.view?.archiveGrid(query);
  }
  deleteVariant(id: string): void {
    if (this.store?.readOnly === false) this.view?.deleteVariant(id);
    else void vscode.window.showErrorMessage('NNGPT: the history is not open for writing.');
  }
  onDidChange(listener: () => void): vscode.Disposable {
    return this.changed.event(listener);
  }

  /** Coalesces a burst of store writes (a training run writes per epoch, a cycle per candidate) into one view refresh. */
  private changedSoon(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed.fire();
    }, 150);
  }

  private open(interactive: boolean): Promise<HistoryStore | undefined> {
    this.opening ??= this.openStore(interactive).finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async openStore(
    interactive: boolean,
    onUnusable: 'throw' | 'startBeside' = 'throw',
  ): Promise<HistoryStore | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      if (interactive)
        void vscode.window.showErrorMessage('NNGPT: open a folder first — the history is kept in the workspace.');
      return undefined;
    }
    const file = storePath(folder.uri);
    try {
      return this.attach(await HistoryStore.open({ path: file, wasmDirs: [this.wasmDir], onUnusable }));
    } catch (error) {
      if (error instanceof StoreLockedError) {
        log.warn(error.message);
        return this.attach(await HistoryStore.open({ path: file, wasmDirs: [this.wasmDir], readOnly: true }));
      }
      if (error instanceof StoreUnusableError) {
        log.error(error.message);
        const choice = await vscode.window.showErrorMessage(`NNGPT: ${error.message}`, 'Start a New History Beside It');
        return choice ? this.openStore(interactive, 'startBeside') : undefined;
      }
      log.error(`Could not open the history ${file}: ${describeError(error)}`);
      if (interactive)
        void vscode.window.showErrorMessage(`NNGPT: could not open the history ${file}: ${describeError(error)}`);
      return undefined;
    }
  }

  private attach(store: HistoryStore): HistoryStore {
    this.store = store;
    this.view = new StoreHistory(store);
    this._register(store.onDidChange(() => this.changedSoon()));
    this._register(
      store.onDidFailPersist((e) => log.error(`Writing the history ${store.path} failed (will retry): ${e.message}`)),
    );
    if (store.setAside)
      void vscode.window.showWarningMessage(
        `NNGPT: ${store.setAside.path} was left untouched; a new history was started at ${store.path}.`,
      );
    log.info(`History ${store.readOnly ? 'opened read-only' : 'opened'}: ${store.path}`);
    this.changed.fire();
    return store;
  }
}
