// Records the notifications a command shows instead of showing them. The tests bundle lives inside
// the extension's folder, so the extension host hands it the same `vscode` API object as the
// extension: replacing `window.show*Message` here is what the extension calls. Each replacement
// answers "dismissed" at once, so a command that awaits the user's choice runs on.
import * as vscode from 'vscode';

/** One notification a command asked for. */
export interface ShownMessage {
  readonly severity: 'error' | 'warning' | 'information';
  readonly text: string;
}

type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;
const methods = {
  error: 'showErrorMessage',
  warning: 'showWarningMessage',
  information: 'showInformationMessage',
} as const;

/**
 * Runs `action` with the three `show*Message` functions replaced by recorders; restores them after.
 * @returns the action's result and the messages shown while it ran, in order
 */
export async function withCapturedMessages<T>(
  action: () => Thenable<T>,
): Promise<{ result: T; messages: ShownMessage[] }> {
  const window = vscode.window as unknown as Record<string, Show>;
  const originals = new Map<string, Show>();
  const messages: ShownMessage[] = [];
  for (const [severity, name] of Object.entries(methods) as [ShownMessage['severity'], string][]) {
    originals.set(name, window[name]);
    window[name] = (text: string) => {
      messages.push({ severity, text });
      return Promise.resolve(undefined);
    };
  }
  try {
    return { result: await action(), messages };
  } finally {
    for (const [name, original] of originals) window[name] = original;
  }
}

/** The messages as readable lines, for assertion messages. */
export function describeMessages(messages: readonly ShownMessage[]): string {
  return messages.map((m) => `${m.severity}: ${m.text}`).join('\n') || '(none)';
}
