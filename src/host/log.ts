import * as vscode from 'vscode';

/** The extension's one log channel (a LogOutputChannel: levels, timestamps, "Set Log Level"). */
export const log: vscode.LogOutputChannel = vscode.window.createOutputChannel('NNGPT', { log: true });

/** Formats an unknown thrown value for a log line or a message. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
