import * as vscode from 'vscode';
import type { CycleRow, VariantRow, VariantStatus } from '../../shared/historyModel';
import { Disposable } from '../disposable';
import type { HistorySource } from '../../shared/historyModel';

/** A node of the Cycle History tree: a cycle, the group of variants outside cycles, or a variant. */
export type HistoryNode =
  | { readonly kind: 'cycle'; readonly cycle: CycleRow }
  | { readonly kind: 'loose' }
  | { readonly kind: 'variant'; readonly variant: VariantRow };

const statusIcons: Record<VariantStatus, [icon: string, colour?: string]> = {
  generated: ['circle-outline'],
  queued: ['clock'],
  training: ['sync~spin'],
  trained: ['check', 'charts.blue'],
  admitted: ['pass-filled', 'charts.green'],
  rejected: ['circle-large-outline', 'disabledForeground'],
  invalid: ['error', 'errorForeground'],
  failed: ['warning', 'editorWarning.foreground'],
  duplicate: ['circle-slash', 'disabledForeground'],
  'near-duplicate': ['copy', 'disabledForeground'],
};

/** Cycles → variants, with status icons, accuracy and novelty; refreshes whenever the history changes. */
export class CycleHistoryTree extends Disposable implements vscode.TreeDataProvider<HistoryNode> {
  private readonly changed = this._register(new vscode.EventEmitter<HistoryNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly history: HistorySource) {
    super();
    this._register(history.onDidChange(() => this.refresh()));
  }

  /** Redraws the whole tree. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: HistoryNode): HistoryNode[] {
    if (!node) {
      const cycles = [...this.history.cycles()]
        .sort((a, b) => b.index - a.index)
        .map((cycle) => ({ kind: 'cycle', cycle }) as const);
      const loose: HistoryNode[] = this.history.variantsOf(null).length > 0 ? [{ kind: 'loose' }] : [];
      return [...cycles, ...loose];
    }
    if (node.kind === 'variant') return [];
    const variants = this.history.variantsOf(node.kind === 'cycle' ? node.cycle.id : null);
    return variants.map((variant) => ({ kind: 'variant', variant }));
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    if (node.kind === 'loose') {
      const item = new vscode.TreeItem('Outside cycles', vscode.TreeItemCollapsibleState.Collapsed);
      item.iconPath = new vscode.ThemeIcon('folder');
      item.contextValue = 'nngptGroup';
      return item;
    }
    if (node.kind === 'cycle') return cycleItem(node.cycle);
    return variantItem(node.variant);
  }
}

function cycleItem(cycle: CycleRow): vscode.TreeItem {
  const item = new vscode.TreeItem(`Cycle ${cycle.index}`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `cycle:${cycle.id}`;
  const s = cycle.stats;
  item.description = s ? `${cycle.dataset} · best ${pct(s.best)} · ${s.novelAdmitted} admitted` : cycle.dataset;
  item.iconPath = new vscode.ThemeIcon(
    cycle.status === 'running' ? 'sync~spin' : cycle.status === 'cancelled' ? 'debug-stop' : 'history',
  );
  item.contextValue = `nngptCycle.${cycle.status}`;
  if (s) {
    item.tooltip = new vscode.MarkdownString(
      [
        `**Cycle ${cycle.index}** — ${cycle.dataset}, ${cycle.status}`,
        '',
        `| | |`,
        `|---|---|`,
        `| valid | ${s.valid}/${s.candidates} (${pct(s.validRate)}, 95% CI ${pct(s.validRateCi[0])}–${pct(s.validRateCi[1])}) |`,
        `| best / mean / median | ${pct(s.best)} / ${pct(s.mean)} / ${pct(s.median)} |`,
        `| above threshold | ${s.aboveThreshold} (${pct(s.shareAboveThreshold)}) |`,
        `| novel admitted | ${s.novelAdmitted} |`,
        `| rejections | ${s.rejections} |`,
        `| corpus size | ${s.corpusSize} |`,
      ].join('\n'),
    );
  }
  return item;
}

function variantItem(v: VariantRow): vscode.TreeItem {
  const item = new vscode.TreeItem(v.name, vscode.TreeItemCollapsibleState.None);
  item.id = `variant:${v.cycleId ?? 'none'}:${v.id}`;
  const [icon, colour] = statusIcons[v.status];
  item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
  const novelty = v.similarity === null ? '' : ` · sim ${v.similarity.toFixed(2)}`;
  item.description = `${v.status}${v.accuracy === null ? '' : ` · ${pct(v.accuracy)}`}${novelty}`;
  item.contextValue = `nngptVariant.${v.status}${v.filePath ? '.file' : ''}${v.parentId ? '.child' : ''}`;
  item.tooltip = new vscode.MarkdownString(
    [
      `**${v.name}** (${v.status})`,
      '',
      `- id: \`${v.id}\``,
      `- accuracy: ${pct(v.accuracy)}`,
      `- nearest: ${v.nearestId ? `\`${v.nearestId.slice(0, 12)}\` (Jaccard ≈ ${v.similarity?.toFixed(3)})` : '–'}`,
      `- parent: ${v.parentId ? `\`${v.parentId.slice(0, 12)}\`` : '–'}`,
    ].join('\n'),
  );
  if (v.filePath)
    item.command = { command: 'nngpt.history.open', title: 'Open', arguments: [{ kind: 'variant', variant: v }] };
  return item;
}

function pct(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}
