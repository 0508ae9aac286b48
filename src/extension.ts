import * as vscode from 'vscode';
import { fixAllCommand } from './host/commands/fixAll';
import { openReferenceNetCommand } from './host/commands/openReferenceNet';
import { NetCodeActions } from './host/diagnostics/netCodeActions';
import { NetDiagnostics } from './host/diagnostics/netDiagnostics';
import { log } from './host/log';

/** Languages whose documents may be Net files; `isNetDocument` narrows by the `nngpt.netFiles` globs. */
const netSelector: vscode.DocumentSelector = [
  { language: 'typescript' },
  { language: 'javascript' },
];

/** Creates and registers every part; no logic lives here. */
export function activate(context: vscode.ExtensionContext): void {
  const diagnostics = new NetDiagnostics();
  context.subscriptions.push(
    log,
    diagnostics,
    vscode.languages.registerCodeActionsProvider(netSelector, new NetCodeActions(diagnostics), NetCodeActions.metadata),
    vscode.commands.registerCommand('nngpt.fixAll', fixAllCommand),
    vscode.commands.registerCommand('nngpt.openReferenceNet', () => openReferenceNetCommand(context.extensionUri)),
  );
  log.info(`NNGPT activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'restricted'}).`);
}

/** Nothing runs in the background yet that needs stopping. */
export function deactivate(): void {}
