// Shared steps for the integration suites: fixture files, event-driven waits on diagnostics.
import * as vscode from 'vscode';

/** The extension under test, as `publisher.name` in package.json. */
export const extensionId = 'nngpt.nngpt-vscode';

/** How long an event the extension owes us may take before the test fails. */
const eventTimeoutMs = 20_000;

/** URI of a file in the (copied) fixture workspace the runner opened. */
export function fixtureUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder is open; the runner must open test/fixtures/workspace');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

/** Opens a fixture in an editor (which is what makes the extension check it). */
export async function openFixture(relativePath: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  await vscode.window.showTextDocument(document);
  return document;
}

/** The diagnostic's code as a plain string (VS Code allows `{ value, target }` too). */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** This extension's diagnostics for a file. */
export function nngptDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'nngpt');
}

/**
 * Resolves with the file's nngpt diagnostics as soon as `accept` holds for them, checking now and
 * on every `onDidChangeDiagnostics` for that file; rejects after a timeout naming what it saw.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
): Promise<vscode.Diagnostic[]> {
  return watchDiagnostics(uri, accept, what, true);
}

/** Resolves with the file's nngpt diagnostics at the next change event for it (subscribe before acting). */
export function nextDiagnosticsChange(uri: vscode.Uri, what: string): Promise<vscode.Diagnostic[]> {
  return watchDiagnostics(uri, () => true, what, false);
}

function watchDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  checkNow: boolean,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      listener.dispose();
      if (error) reject(error);
      else resolve(nngptDiagnostics(uri));
    };
    const check = () => {
      if (accept(nngptDiagnostics(uri))) finish();
    };
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      const seen = nngptDiagnostics(uri).map(codeOf).join(', ') || 'none';
      finish(
        new Error(
          `Timed out after ${eventTimeoutMs / 1000} s waiting for ${what} on ${uri.path}; nngpt diagnostics now: ${seen}`,
        ),
      );
    }, eventTimeoutMs);
    if (checkNow) check();
  });
}

/** Sorted, de-duplicated diagnostic codes. */
export function codesOf(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return [...new Set(diagnostics.map(codeOf))].sort();
}

/** The problems test/fixtures/workspace/bad.net.ts is written to have, one each. */
export const badNetCodes = ['net-api/forbidden-import', 'net-api/missing-learn', 'net-api/undeclared-hyperparameter'];

/** Resolves once every expected code is reported for the document. */
export function waitForBadNetDiagnostics(document: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(
    document.uri,
    (diagnostics) => badNetCodes.every((code) => diagnostics.some((d) => codeOf(d) === code)),
    `the diagnostics ${badNetCodes.join(', ')}`,
  );
}

/** Discards unsaved edits to a fixture and waits until bad.net.ts's problems are reported again. */
export async function revertBadNet(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitForBadNetDiagnostics(document);
}
