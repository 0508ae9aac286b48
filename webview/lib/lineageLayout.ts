import type { LineageNode } from '../../src/shared/searchModel';

/** Spacing of the drawn graph, in SVG units. */
export interface LineageSpacing {
  /** Distance between two generations' left edges. */
  readonly column: number;
  /** Least vertical distance between two nodes of one generation. */
  readonly row: number;
  readonly margin: number;
}

/** Room for a node's box and its label, with a gap for the edges. */
export const defaultLineageSpacing: LineageSpacing = { column: 190, row: 30, margin: 16 };

/** A node with its place: generation (column) and vertical centre. */
export interface PlacedNode {
  readonly node: LineageNode;
  /** 0 for a Net without a stored parent (the seed, hand-made Nets), else its parent's + 1. */
  readonly generation: number;
  readonly x: number;
  readonly y: number;
}

/** A parent → child edge between two placed nodes. */
export interface LineageEdge {
  readonly from: PlacedNode;
  readonly to: PlacedNode;
}

/** The whole drawing: nodes, edges and the extent of the canvas they need. */
export interface LineageLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly LineageEdge[];
  readonly generations: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Lays the parent → child graph out in columns by generation (so every edge runs left to right),
 * each child as close to its parent's height as the nodes above it allow, siblings centred on
 * their parent. Children are ordered by their parent's place, so edges between two columns never
 * cross; siblings by first-epoch accuracy, best first. A parent that is no longer stored makes
 * its child a root; a parent chain that loops (which content ids rule out, but a hand-edited
 * store could hold) is cut where it repeats. Linear in the number of variants, so hundreds draw at once.
 */
export function layoutLineage(
  nodes: readonly LineageNode[],
  spacing: LineageSpacing = defaultLineageSpacing,
): LineageLayout {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const generationOf = generations(nodes, byId);
  const columns: LineageNode[][] = [];
  for (const node of nodes) (columns[generationOf.get(node.id)!] ??= []).push(node);

  const placed = new Map<string, PlacedNode>();
  const order = new Map(nodes.map((n, i) => [n.id, i]));
  columns.forEach((column, generation) => {
    const parentY = (n: LineageNode) => (n.parentId ? (placed.get(n.parentId)?.y ?? 0) : 0);
    const sorted =
      generation === 0
        ? column
        : [...column].sort(
            (a, b) =>
              parentY(a) - parentY(b) ||
              (b.firstEpochAccuracy ?? -1) - (a.firstEpochAccuracy ?? -1) ||
              order.get(a.id)! - order.get(b.id)!,
          );
    const siblings = new Map<string | null, LineageNode[]>();
    for (const n of sorted) {
      const group = siblings.get(n.parentId) ?? [];
      group.push(n);
      siblings.set(n.parentId, group);
    }
    let lowest = Number.NEGATIVE_INFINITY;
    for (const n of sorted) {
      const group = siblings.get(n.parentId)!;
      const wanted =
        generation === 0 ? spacing.margin : parentY(n) + (group.indexOf(n) - (group.length - 1) / 2) * spacing.row;
      const y = Math.max(wanted, lowest + spacing.row, spacing.margin);
      lowest = y;
      placed.set(n.id, { node: n, generation, x: spacing.margin + generation * spacing.column, y });
    }
  });

  const placedNodes = nodes.map((n) => placed.get(n.id)!);
  const edges: LineageEdge[] = [];
  for (const to of placedNodes) {
    const from = to.node.parentId && generationOf.get(to.node.id)! > 0 ? placed.get(to.node.parentId) : undefined;
    if (from) edges.push({ from, to });
  }
  const bottom = placedNodes.reduce((max, p) => Math.max(max, p.y), 0);
  return {
    nodes: placedNodes,
    edges,
    generations: columns.length,
    width: spacing.margin * 2 + Math.max(1, columns.length) * spacing.column,
    height: bottom + spacing.margin * 2,
  };
}

/** Each node's generation: the length of its stored parent chain. */
function generations(nodes: readonly LineageNode[], byId: ReadonlyMap<string, LineageNode>): Map<string, number> {
  const known = new Map<string, number>();
  for (const start of nodes) {
    const chain: string[] = [];
    const onChain = new Set<string>();
    let current: LineageNode | undefined = start;
    let base = -1;
    while (current && !known.has(current.id)) {
      if (onChain.has(current.id)) break; // a loop: treat where it repeats as a root
      chain.push(current.id);
      onChain.add(current.id);
      current = current.parentId && current.parentId !== current.id ? byId.get(current.parentId) : undefined;
    }
    if (current && known.has(current.id)) base = known.get(current.id)!;
    // The chain runs child → ancestor; its last element sits right after `base`.
    for (let i = chain.length - 1, g = base + 1; i >= 0; i--, g++) known.set(chain[i], g);
  }
  return known;
}
