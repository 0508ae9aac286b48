import * as vscode from 'vscode';
import { buildCorpus, toJsonl } from '../../core/export/fineTuneCorpus';
import type { Engine } from '../engine';
import { log } from '../log';

/**
 * `nngpt.exportCorpus` — writes the admitted variants as chat-format JSONL (system / user prompt /
 * assistant code), the way the novelty-loop paper ("From Memorization to Creativity") builds its LoRA data, filtered by accuracy and cycle range.
 */
export async function exportCorpusCommand(engine: Engine): Promise<void> {
  const store = await engine.history.writable();
  if (!store) return;
  const minText = await vscode.window.showInputBox({
    title: 'NNGPT: Export Fine-tune Corpus (1/2)',
    prompt: 'Least test accuracy a variant needs, in percent (empty for no filter)',
    value: '40',
    validateInput: (v) =>
      v.trim() === '' || (Number.isFinite(Number(v)) && Number(v) >= 0 && Number(v) <= 100)
        ? undefined
        : 'A number from 0 to 100.',
  });
  if (minText === undefined) return;
  const rangeText = await vscode.window.showInputBox({
    title: 'NNGPT: Export Fine-tune Corpus (2/2)',
    prompt: 'Cycle range, e.g. 3..10 (empty for all cycles)',
    validateInput: (v) => (v.trim() === '' || /^\d+\.\.\d+$/.test(v.trim()) ? undefined : 'Like 3..10, or empty.'),
  });
  if (rangeText === undefined) return;
  const [from, to] = rangeText.trim() ? rangeText.trim().split('..').map(Number) : [undefined, undefined];
  const corpus = buildCorpus(store, {
    minAccuracy: minText.trim() ? Number(minText) / 100 : undefined,
    cycleFrom: from,
    cycleTo: to,
  });
  if (corpus.examples.length === 0) {
    void vscode.window.showWarningMessage(
      `NNGPT: no admitted variant passes the filter (${corpus.belowAccuracy} below the accuracy). Run a cycle first, or lower the threshold.`,
    );
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder && vscode.Uri.joinPath(folder, 'nngpt-corpus.jsonl'),
    filters: { 'JSON Lines': ['jsonl'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(toJsonl(corpus.examples), 'utf8'));
  const diffs = diffNote(corpus);
  log.info(
    `Exported ${corpus.examples.length} examples (${new Set(corpus.variantIds).size} variants) to ${target.fsPath}${diffs}`,
  );
  void vscode.window.showInformationMessage(
    `NNGPT: wrote ${corpus.examples.length} examples to ${vscode.workspace.asRelativePath(target)}${diffs}.`,
  );
}

/** What became of the variants whose prompt asked for SEARCH/REPLACE blocks, or nothing when there were none. */
function diffNote(corpus: { diffReplies: number; diffSkipped: number }): string {
  if (corpus.diffReplies + corpus.diffSkipped === 0) return '';
  return ` (${corpus.diffReplies} diff-mode answered with SEARCH/REPLACE blocks${corpus.diffSkipped ? `, ${corpus.diffSkipped} left out: no exact blocks from the parent` : ''})`;
}
