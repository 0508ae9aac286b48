import * as vscode from 'vscode';

/** Where the reference Net ships inside the extension. */
const referenceNetPath = ['examples', 'nets', 'referenceCnn.net.ts'];

/**
 * `nngpt.openReferenceNet` — puts a copy of the shipped reference CNN into the workspace (so it can be
 * edited, trained and mutated) and opens it. An existing copy is opened, never overwritten. Without a
 * workspace the shipped file itself is opened.
 */
export async function openReferenceNetCommand(extensionUri: vscode.Uri): Promise<void> {
  const shipped = vscode.Uri.joinPath(extensionUri, ...referenceNetPath);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    await vscode.window.showTextDocument(shipped);
    return;
  }
  const copy = vscode.Uri.joinPath(folder.uri, 'referenceCnn.net.ts');
  if (!(await exists(copy))) {
    await vscode.workspace.fs.copy(shipped, copy);
  }
  await vscode.window.showTextDocument(copy);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
