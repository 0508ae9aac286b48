import * as vscode from 'vscode';
import type { HistoryNode } from '../history/cycleHistoryTree';
import type { Engine } from '../engine';
import { openVariant, openVariantDiff } from './historyCommands';
import type { ResultsHostActions } from '../results/resultsPanel';
import { ResultsPanel } from '../results/resultsPanel';

/** What the results panel asks of the extension: open a variant, or diff two. */
export function resultsActions(engine: Engine): ResultsHostActions {
  return {
    openVariant: async (variantId) => {
      const detail = engine.history.variant(variantId);
      if (detail) await openVariant(engine.history, { kind: 'variant', variant: detail.row }, besideResults());
    },
    openDiff: (left, right) => openVariantDiff(engine.history, left, right, besideResults()),
  };
}

/**
 * Where the panel opens editors: in a group other than its own, so a click in the lineage or the
 * archive does not cover the panel (a hidden webview is torn down and redrawn).
 */
function besideResults(): vscode.TextDocumentShowOptions {
  const own = ResultsPanel.instance?.viewColumn;
  return { viewColumn: own === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One };
}

/** `nngpt.showResults` — opens the results panel; from the tree it brings that variant's runs into view. */
export async function showResultsCommand(engine: Engine, node?: HistoryNode): Promise<void> {
  await engine.history.ensureOpen();
  const panel = ResultsPanel.createOrShow(engine.extensionUri, engine.history, resultsActions(engine));
  if (node?.kind === 'variant') panel.focusVariant(node.variant.id);
}

/** Restores the results panel after a reload. */
export function resultsSerializer(engine: Engine): vscode.WebviewPanelSerializer {
  return {
    deserializeWebviewPanel: async (panel) => {
      ResultsPanel.revive(panel, engine.extensionUri, engine.history, resultsActions(engine));
    },
  };
}
