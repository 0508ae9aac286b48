import * as vscode from 'vscode';
import type { VariantRow } from '../../shared/historyModel';
import type { HistoryNode } from '../history/cycleHistoryTree';
import type { HistorySource } from '../../shared/historyModel';
import { variantUri } from '../history/variantDocuments';

/** The variant a context-menu command was invoked on, or the one the user picks when run from the palette. */
async function targetVariant(history: HistorySource, node: HistoryNode | undefined): Promise<VariantRow | undefined> {
  if (node?.kind === 'variant') return node.variant;
  const all = [...history.cycles().flatMap((c) => history.variantsOf(c.id)), ...history.variantsOf(null)];
  const pick = await vscode.window.showQuickPick(
    all.map((v) => ({ label: v.name, description: v.status, detail: v.id, variant: v })),
    { placeHolder: 'Pick a variant', matchOnDetail: true },
  );
  return pick?.variant;
}

/**
 * `nngpt.history.open` — the variant's file if it still exists, else its stored code read-only;
 * `show` places the editor (the results panel opens beside itself, so its graph stays in view).
 */
export async function openVariant(
  history: HistorySource,
  node?: HistoryNode,
  show?: vscode.TextDocumentShowOptions,
): Promise<void> {
  const v = await targetVariant(history, node);
  if (!v) return;
  if (v.filePath) {
    try {
      const uri = vscode.Uri.file(v.filePath);
      await vscode.workspace.fs.stat(uri);
      await vscode.window.showTextDocument(uri, show);
      return;
    } catch {
      // The file was moved or deleted: show the stored code instead.
    }
  }
  await vscode.window.showTextDocument(variantUri(v.id, v.name), show);
}

/** `nngpt.history.diffWithParent` — the stored parent against the stored variant. */
export async function diffWithParent(history: HistorySource, node?: HistoryNode): Promise<void> {
  const v = await targetVariant(history, node);
  if (!v) return;
  const parent = v.parentId ? history.variant(v.parentId) : undefined;
  if (!parent) {
    void vscode.window.showInformationMessage(`NNGPT: ${v.name} has no stored parent to compare with.`);
    return;
  }
  await openVariantDiff(history, parent.row.id, v.id);
}

/** Opens a diff of two stored variants (also used by the results panel's comparison and lineage). */
export async function openVariantDiff(
  history: HistorySource,
  leftId: string,
  rightId: string,
  show?: vscode.TextDocumentShowOptions,
): Promise<void> {
  const left = history.variant(leftId);
  const right = history.variant(rightId);
  if (!left || !right) throw new Error(`variant ${left ? rightId : leftId} is not in the history`);
  await vscode.commands.executeCommand(
    'vscode.diff',
    variantUri(left.row.id, left.row.name),
    variantUri(right.row.id, right.row.name),
    `${left.row.name} ↔ ${right.row.name}`,
    ...(show ? [show] : []),
  );
}

/** `nngpt.history.copyId` — the variant's id (MD5 of its whitespace-free code). */
export async function copyVariantId(history: HistorySource, node?: HistoryNode): Promise<void> {
  const v = await targetVariant(history, node);
  if (!v) return;
  await vscode.env.clipboard.writeText(v.id);
  vscode.window.setStatusBarMessage(`NNGPT: copied ${v.id}`, 3000);
}

/** `nngpt.history.delete` — removes the variant and its runs from the history after a modal confirmation. */
export async function deleteVariant(history: HistorySource, node?: HistoryNode): Promise<void> {
  const v = await targetVariant(history, node);
  if (!v) return;
  const answer = await vscode.window.showWarningMessage(
    `Delete ${v.name} and its runs from the NNGPT history?`,
    { modal: true, detail: 'Its file on disk is not touched. This cannot be undone.' },
    'Delete',
  );
  if (answer === 'Delete') history.deleteVariant(v.id);
}
