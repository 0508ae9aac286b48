import * as vscode from 'vscode';
import type { Ancestor } from '../../core/history/ancestry';
import { ancestryOf } from '../../core/history/ancestry';
import type { CycleRow, VariantRow, VariantStatus } from '../../shared/historyModel';
import { Disposable } from '../disposable';
import type { HistorySource } from '../../shared/historyModel';

/** A node of the Cycle History tree: a cycle, the group of variants outside cycles, or a variant. */
export type HistoryNode =
  | { readonly kind: 'cycle'; readonly cycle: CycleRow }
  | { readonly kind: 'loose' }
  | { readonly kind: 'variant'; readonly variant: VariantRow }
  /** One step of a variant's ancestry, listed under it: its parent, grandparent, … back to the seed. */
  | { readonly kind: 'ancestor'; readonly of: VariantRow; readonly ancestor: Ancestor };

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
    if (node.kind === 'ancestor') return [];
    if (node.kind === 'variant')
      return ancestryOf(node.variant.id, (id) => this.history.variant(id)).map((ancestor) => ({
        kind: 'ancestor',
        of: node.variant,
        ancestor,
      }));
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
    if (node.kind === 'ancestor') return ancestorItem(node.of, node.ancestor);
    return variantItem(node.variant);
  }

  /** Fills a variant's tooltip when hovered: its parent and the reason, its cost, its edit (one store read, not one per row). */
  resolveTreeItem(item: vscode.TreeItem, node: HistoryNode): vscode.TreeItem {
    if (node.kind !== 'variant') return item;
    const detail = this.history.variant(node.variant.id);
    if (!detail) {
      item.tooltip = variantTooltip(node.variant);
      return item;
    }
    const parent = detail.row.parentId ? this.history.variant(detail.row.parentId) : undefined;
    item.tooltip = variantTooltip(node.variant, {
      parent: parent ? `${parent.row.name} (${pct(parent.row.accuracy)})` : undefined,
      parentReason: detail.parentReason,
      editOutcome: detail.editOutcome,
      tokens: detail.tokens,
    });
    return item;
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
  // A variant made from a parent unfolds into its ancestry.
  const item = new vscode.TreeItem(
    v.name,
    v.parentId ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `variant:${v.cycleId ?? 'none'}:${v.id}`;
  const [icon, colour] = statusIcons[v.status];
  item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
  const novelty = v.similarity === null ? '' : ` · sim ${v.similarity.toFixed(2)}`;
  item.description = `${v.status}${v.accuracy === null ? '' : ` · ${pct(v.accuracy)}`}${novelty}`;
  item.contextValue = `nngptVariant.${v.status}${v.filePath ? '.file' : ''}${v.parentId ? '.child' : ''}`;
  // No tooltip here: VS Code resolves only properties left undefined, and resolveTreeItem reads the record.
  if (v.filePath)
    item.command = { command: 'nngpt.history.open', title: 'Open', arguments: [{ kind: 'variant', variant: v }] };
  return item;
}

/** What the tooltip adds once the variant's stored record is read (resolveTreeItem). */
interface TooltipDetail {
  readonly parent?: string;
  readonly parentReason: string | null;
  readonly editOutcome: string | null;
  readonly tokens: { readonly promptTokens: number; readonly completionTokens: number } | null;
}

function variantTooltip(v: VariantRow, detail?: TooltipDetail): vscode.MarkdownString {
  const parent = v.parentId ? (detail?.parent ?? `\`${v.parentId.slice(0, 12)}\``) : '–';
  const lines = [
    `**${v.name}** (${v.status})`,
    '',
    `- id: \`${v.id}\``,
    `- accuracy: ${pct(v.accuracy)}`,
    `- nearest: ${v.nearestId ? `\`${v.nearestId.slice(0, 12)}\` (Jaccard ≈ ${v.similarity?.toFixed(3)})` : '–'}`,
    `- parent: ${parent}${detail?.parentReason ? `, drawn by ${detail.parentReason}` : ''}`,
  ];
  if (detail?.editOutcome) lines.push(`- edit: ${detail.editOutcome}`);
  if (detail)
    lines.push(
      `- tokens: ${detail.tokens ? `${detail.tokens.promptTokens} prompt / ${detail.tokens.completionTokens} completion` : 'none recorded'}`,
    );
  return new vscode.MarkdownString(lines.join('\n'));
}

const generationNames = ['parent', 'grandparent'];

function ancestorItem(of: VariantRow, a: Ancestor): vscode.TreeItem {
  const item = new vscode.TreeItem(a.row.name, vscode.TreeItemCollapsibleState.None);
  item.id = `ancestor:${of.cycleId ?? 'none'}:${of.id}:${a.generationsBack}`;
  const step = generationNames[a.generationsBack - 1] ?? `${a.generationsBack} generations back`;
  const reason = a.drawnAs ? ` · drawn by ${a.drawnAs}` : '';
  item.description = `${step} · ${pct(a.row.accuracy)}${reason}${a.isRoot ? ' · root' : ''}`;
  item.iconPath = new vscode.ThemeIcon(a.isRoot ? 'root-folder' : 'arrow-up');
  item.contextValue = `nngptAncestor${a.row.filePath ? '.file' : ''}`;
  item.tooltip = new vscode.MarkdownString(
    [
      `**${a.row.name}**, ${step} of ${of.name}`,
      '',
      `- accuracy: ${pct(a.row.accuracy)}`,
      `- status: ${a.row.status}`,
      `- drawn by: ${a.drawnAs ?? '–'}`,
      a.isRoot ? '- the chain starts here (no stored parent)' : '',
    ].join('\n'),
  );
  item.command = { command: 'nngpt.history.open', title: 'Open', arguments: [{ kind: 'variant', variant: a.row }] };
  return item;
}

function pct(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}
