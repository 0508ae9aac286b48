import * as vscode from 'vscode';
import type { ApiKeyStore } from '../secrets';

/** `nngpt.setApiKey` — asks for the LLM endpoint's key and keeps it in SecretStorage. */
export async function setApiKeyCommand(keys: ApiKeyStore): Promise<void> {
  if ((await keys.prompt()) !== undefined)
    void vscode.window.showInformationMessage('NNGPT: API key stored in secret storage.');
}

/** `nngpt.clearApiKey` — forgets the stored key. */
export async function clearApiKeyCommand(keys: ApiKeyStore): Promise<void> {
  await keys.clear();
  void vscode.window.showInformationMessage('NNGPT: API key cleared.');
}
