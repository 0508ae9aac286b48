import * as vscode from 'vscode';
import { fixAll } from '../../core/netApi/applyFixes';
import { log } from '../log';
import { isNetDocument } from '../netFiles';

/** `nngpt.fixAll` — applies every safe Net-API fix to the active Net file and reports what remains. */
export async function fixAllCommand(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isNetDocument(editor.document)) {
    void vscode.window.showWarningMessage(
      'NNGPT: open a Net file (see the "nngpt.netFiles" setting) to fix Net-API problems.',
    );
    return;
  }
  const document = editor.document;
  const result = fixAll(document.getText(), document.fileName);
  if (result.applied.length > 0) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      document.uri,
      new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)),
      result.source,
    );
    await vscode.workspace.applyEdit(edit);
    log.info(`Fixed ${document.uri.fsPath}: ${result.applied.join('; ')}`);
  }
  const errors = result.remaining.filter((f) => f.severity === 'error').length;
  const summary = `${result.applied.length} fix(es) applied; ${errors} error(s) remain.`;
  if (errors > 0)
    void vscode.window.showWarningMessage(
      `NNGPT: ${summary} The rest need a decision the checker cannot make — see the Problems panel.`,
    );
  else void vscode.window.showInformationMessage(`NNGPT: ${summary}`);
}
