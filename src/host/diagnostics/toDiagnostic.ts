import * as vscode from 'vscode';
import type { Finding, Severity, TextRange } from '../../core/netApi/finding';

/** The `source` shown on every Net-API diagnostic. */
export const diagnosticSource = 'nngpt';

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Maps a core offset range onto document positions. */
export function toRange(document: vscode.TextDocument, range: TextRange): vscode.Range {
  return new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
}

/** Maps a core finding onto an editor diagnostic whose `code` is the finding's stable code. */
export function toDiagnostic(document: vscode.TextDocument, finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    toRange(document, finding.range),
    finding.message,
    severities[finding.severity],
  );
  diagnostic.source = diagnosticSource;
  diagnostic.code = finding.code;
  return diagnostic;
}

/** True when `diagnostic` shows exactly `finding` (same code and range) — how quick fixes find their finding. */
export function showsFinding(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, finding: Finding): boolean {
  return (
    diagnostic.source === diagnosticSource &&
    diagnostic.code === finding.code &&
    diagnostic.range.isEqual(toRange(document, finding.range))
  );
}
