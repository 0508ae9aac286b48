import * as vscode from 'vscode';
import type { HistorySource } from '../../shared/historyModel';

/** URI scheme of read-only documents that show a stored variant's code. */
export const variantScheme = 'nngpt-variant';

/** A read-only URI for a variant's stored code; the name keeps the tab title and language readable. */
export function variantUri(id: string, name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: variantScheme, path: `/${id}/${name.replace(/[\\/]/g, '_')}.net.ts` });
}

/** Serves the code of stored variants, so diffs work even after the files were deleted or edited. */
export class VariantDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly history: HistorySource) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.split('/')[1] ?? '';
    const detail = this.history.variant(id);
    return detail ? detail.code : `// NNGPT: variant ${id} is no longer in the history.\n`;
  }
}
