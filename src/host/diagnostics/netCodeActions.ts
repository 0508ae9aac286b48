import * as vscode from 'vscode';
import { fixAll } from '../../core/netApi/applyFixes';
import type { Fix } from '../../core/netApi/finding';
import type { NetDiagnostics } from './netDiagnostics';
import { diagnosticSource, showsFinding, toRange } from './toDiagnostic';

/** The kind of the "fix everything" source action, usable in `editor.codeActionsOnSave`. */
export const fixAllKind = vscode.CodeActionKind.SourceFixAll.append('nngpt');

/**
 * Quick fixes keyed by diagnostic code: for each `nngpt` diagnostic in the request, the fixes the checker
 * attached to that finding; plus one source action that applies every safe fix.
 */
export class NetCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, fixAllKind],
  };

  constructor(private readonly diagnostics: NetDiagnostics) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const result = this.diagnostics.resultFor(document);
    if (!result) return [];
    const actions: vscode.CodeAction[] = [];
    const wantsQuickFix = !context.only || context.only.contains(vscode.CodeActionKind.QuickFix);
    if (wantsQuickFix) {
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== diagnosticSource) continue;
        const finding = result.findings.find((f) => showsFinding(document, diagnostic, f));
        finding?.fixes.forEach((fix, i) => actions.push(quickFix(document, diagnostic, fix, i === 0 && fix.safe)));
      }
    }
    const wantsFixAll = !context.only || context.only.contains(fixAllKind) || fixAllKind.contains(context.only);
    if (wantsFixAll && result.findings.some((f) => f.fixes.some((fix) => fix.safe))) {
      actions.push(fixAllAction(document));
    }
    return actions;
  }
}

function quickFix(
  document: vscode.TextDocument,
  diagnostic: vscode.Diagnostic,
  fix: Fix,
  preferred: boolean,
): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.isPreferred = preferred;
  action.edit = new vscode.WorkspaceEdit();
  for (const edit of fix.edits) action.edit.replace(document.uri, toRange(document, edit.range), edit.newText);
  return action;
}

function fixAllAction(document: vscode.TextDocument): vscode.CodeAction {
  const action = new vscode.CodeAction('Fix all Net-API problems', fixAllKind);
  action.edit = fixAllEdit(document);
  return action;
}

/** One edit replacing the whole document with the checker's fully fixed text. */
export function fixAllEdit(document: vscode.TextDocument): vscode.WorkspaceEdit {
  const fixed = fixAll(document.getText(), document.fileName);
  const edit = new vscode.WorkspaceEdit();
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  edit.replace(document.uri, whole, fixed.source);
  return edit;
}
