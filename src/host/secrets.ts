import * as vscode from 'vscode';

/** SecretStorage key of the LLM endpoint's API key. The key never goes into settings or logs. */
const apiKeySecret = 'nngpt.llm.apiKey';

/** Reads, prompts for and forgets the API key; SecretStorage is the only place it lives. */
export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** The stored key, if any. */
  get(): Thenable<string | undefined> {
    return this.secrets.get(apiKeySecret);
  }

  /** The stored key, else asks for one (password box that survives focus loss), stores and returns it. */
  async getOrPrompt(): Promise<string | undefined> {
    return (await this.get()) ?? (await this.prompt());
  }

  /** Asks for a key and stores it; undefined when the user cancels. */
  async prompt(): Promise<string | undefined> {
    const key = await vscode.window.showInputBox({
      title: 'NNGPT: API key for the LLM endpoint',
      prompt:
        "Stored in VS Code's secret storage, never in settings. Endpoints without authentication accept any non-empty value.",
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => validateApiKey(value),
    });
    if (key === undefined) return undefined;
    await this.secrets.store(apiKeySecret, key.trim());
    return key.trim();
  }

  /** Forgets the stored key. */
  clear(): Thenable<void> {
    return this.secrets.delete(apiKeySecret);
  }

  /** Fires when the key is set or cleared (also from another window). */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => e.key === apiKeySecret && listener());
  }
}

/** Why `value` cannot be an API key, or undefined when it can. */
export function validateApiKey(value: string): string | undefined {
  const key = value.trim();
  if (key.length === 0) return 'Enter a key.';
  if (/\s/.test(key)) return 'An API key has no spaces or line breaks.';
  if (key.length > 512) return 'That is longer than any API key.';
  return undefined;
}
