import * as vscode from 'vscode';
import type { CheckResult } from '../../core/netApi/checkNet';
import { checkNet } from '../../core/netApi/checkNet';
import { affectsDiagnostics, diagnosticsConfig } from '../config';
import { Disposable } from '../disposable';
import { describeError, log } from '../log';
import { isNetDocument } from '../netFiles';
import { toDiagnostic } from './toDiagnostic';

/** The last check of one document version, kept so quick fixes reuse it instead of re-parsing. */
interface CachedCheck {
  readonly version: number;
  readonly result: CheckResult;
}

/**
 * Keeps Net-API diagnostics in step with open Net documents: immediate on open and save, debounced per
 * document on change, removed on close. The checker is static (it runs no workspace code), so this
 * works in restricted mode.
 */
export class NetDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('nngpt'));
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly checks = new Map<string, CachedCheck>();

  constructor() {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.checkNow(d)));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => this.checkNow(d)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.checkSoon(e.document)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => affectsDiagnostics(e) && this.recheckAll()));
    this._register({ dispose: () => this.pending.forEach((timer) => clearTimeout(timer)) });
    this.recheckAll();
  }

  /** The check of `document` at its current version, computing it if the cache is stale. */
  resultFor(document: vscode.TextDocument): CheckResult | undefined {
    if (!this.applies(document)) return undefined;
    const cached = this.checks.get(document.uri.toString());
    if (cached && cached.version === document.version) return cached.result;
    return this.checkNow(document);
  }

  /** Checks every open document again (after a settings change, or at start). */
  recheckAll(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (this.applies(document)) this.checkNow(document);
      else this.forget(document.uri);
    }
  }

  private applies(document: vscode.TextDocument): boolean {
    return diagnosticsConfig(document.uri).enabled && isNetDocument(document);
  }

  private checkSoon(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    if (!this.applies(document)) return;
    const delay = diagnosticsConfig(document.uri).debounceMs;
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (!document.isClosed) this.checkNow(document);
      }, delay),
    );
  }

  private checkNow(document: vscode.TextDocument): CheckResult | undefined {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    if (!this.applies(document)) {
      this.forget(document.uri);
      return undefined;
    }
    const result = this.runChecker(document);
    this.checks.set(key, { version: document.version, result });
    this.collection.set(
      document.uri,
      result.findings.map((f) => toDiagnostic(document, f)),
    );
    if (result.skipped) log.info(`Net-API check skipped ${document.uri.fsPath}: ${result.skipped}`);
    return result;
  }

  /** The checker never throws by contract; this guard keeps the extension host safe if that ever breaks. */
  private runChecker(document: vscode.TextDocument): CheckResult {
    const maxBytes = diagnosticsConfig(document.uri).maxFileSizeKB * 1024;
    try {
      return checkNet(document.getText(), document.fileName, { maxBytes });
    } catch (error) {
      log.error(`Net-API checker failed on ${document.uri.fsPath}: ${describeError(error)}`);
      return { findings: [], skipped: `checker failed: ${describeError(error)}`, declaredHyperparameters: [] };
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.checks.delete(key);
    this.collection.delete(uri);
  }
}
