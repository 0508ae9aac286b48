import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { describeError, log } from '../log';

/** What a job can tell the user while it runs. */
export interface JobReporter {
  /** A new message; `increment` advances the notification's bar (percent points). */
  report(message: string, increment?: number): void;
  /** The status bar's short text, e.g. "wasm · 45%". */
  status(text: string): void;
}

/** Context key set while a job runs (menus and the Stop command's enablement read it). */
const runningKey = 'nngpt.jobRunning';

/**
 * Runs the long jobs (training, cycles) one at a time, each in a cancellable progress notification
 * with a status-bar item. The CancellationToken becomes an AbortSignal here, at the edge: the core
 * only ever sees the signal. "NNGPT: Stop Training" aborts the running job.
 */
export class JobRunner extends Disposable {
  private current: { readonly title: string; readonly controller: AbortController } | undefined;
  private readonly statusItem = this._register(
    vscode.window.createStatusBarItem('nngpt.job', vscode.StatusBarAlignment.Left, 20),
  );

  constructor() {
    super();
    this.statusItem.name = 'NNGPT job';
    this.statusItem.command = 'nngpt.stopTraining';
    void vscode.commands.executeCommand('setContext', runningKey, false);
  }

  /** The running job's title, if one runs. */
  get running(): string | undefined {
    return this.current?.title;
  }

  /** Runs `work` unless another job runs (then says so and resolves undefined). */
  async run<T>(
    title: string,
    work: (signal: AbortSignal, reporter: JobReporter) => Promise<T>,
  ): Promise<T | undefined> {
    if (this.current) {
      void vscode.window.showWarningMessage(
        `NNGPT: "${this.current.title}" is still running. Stop it first (NNGPT: Stop Training).`,
      );
      return undefined;
    }
    const controller = new AbortController();
    this.current = { title, controller };
    this.showStatus(title, 'starting…');
    void vscode.commands.executeCommand('setContext', runningKey, true);
    log.info(`${title}: started`);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `NNGPT: ${title}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          const reporter: JobReporter = {
            report: (message, increment) => progress.report({ message, increment }),
            status: (text) => this.showStatus(title, text),
          };
          return work(controller.signal, reporter);
        },
      );
    } catch (error) {
      log.error(`${title} failed: ${describeError(error)}`);
      void vscode.window.showErrorMessage(`NNGPT: ${title} failed: ${describeError(error)}`);
      return undefined;
    } finally {
      this.current = undefined;
      this.statusItem.hide();
      void vscode.commands.executeCommand('setContext', runningKey, false);
      log.info(`${title}: ${controller.signal.aborted ? 'stopped' : 'finished'}`);
    }
  }

  /** Aborts the running job; false when none runs. */
  stop(): boolean {
    if (!this.current) return false;
    this.current.controller.abort();
    return true;
  }

  override dispose(): void {
    this.stop();
    super.dispose();
  }

  private showStatus(title: string, text: string): void {
    this.statusItem.text = `$(sync~spin) NNGPT: ${text}`;
    this.statusItem.tooltip = `${title} — click to stop`;
    this.statusItem.show();
  }
}
