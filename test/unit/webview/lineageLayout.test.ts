import * as assert from 'node:assert/strict';
import type { LineageNode } from '../../../src/shared/searchModel';
import { defaultLineageSpacing, layoutLineage } from '../../../webview/lib/lineageLayout';

const node = (id: string, parentId: string | null, firstEpochAccuracy: number | null = null): LineageNode => ({
  id,
  name: id,
  parentId,
  cycleId: null,
  cycleIndex: null,
  status: 'trained',
  parentReason: parentId ? 'exploit' : null,
  firstEpochAccuracy,
  bestAccuracy: firstEpochAccuracy,
  paramCount: null,
  promptTokens: null,
  completionTokens: null,
  hasFile: false,
});

describe('layoutLineage (the parent → child graph by generation)', () => {
  it('puts each variant one column right of its parent and links them', () => {
    const layout = layoutLineage([
      node('seed', null),
      node('a', 'seed', 0.7),
      node('b', 'seed', 0.8),
      node('a1', 'a', 0.75),
    ]);
    const at = new Map(layout.nodes.map((p) => [p.node.id, p]));
    assert.deepEqual(
      ['seed', 'a', 'b', 'a1'].map((id) => at.get(id)!.generation),
      [0, 1, 1, 2],
    );
    assert.equal(layout.generations, 3);
    assert.deepEqual(
      layout.edges.map((e) => `${e.from.node.id}→${e.to.node.id}`),
      ['seed→a', 'seed→b', 'a→a1'],
    );
    for (const e of layout.edges) assert.ok(e.to.x > e.from.x, 'every edge runs left to right');
    assert.ok(at.get('b')!.y < at.get('a')!.y, 'siblings: the more accurate first');
    assert.ok(layout.width >= at.get('a1')!.x && layout.height > at.get('a1')!.y);
  });

  it("keeps nodes of a column apart and children in their parents' order, so edges between columns never cross", () => {
    const nodes = [node('r1', null), node('r2', null)];
    for (let i = 0; i < 6; i++) nodes.push(node(`x${i}`, i % 2 === 0 ? 'r2' : 'r1', i / 10));
    const layout = layoutLineage(nodes);
    const column = layout.nodes.filter((p) => p.generation === 1).sort((a, b) => a.y - b.y);
    for (let i = 1; i < column.length; i++)
      assert.ok(column[i].y - column[i - 1].y >= defaultLineageSpacing.row - 1e-9, 'no overlap');
    const parentYs = column.map((p) => layout.nodes.find((q) => q.node.id === p.node.parentId)!.y);
    assert.deepEqual(
      parentYs,
      [...parentYs].sort((a, b) => a - b),
      'children ordered like their parents',
    );
  });

  it('makes a variant whose parent is gone a root, and cuts a parent loop', () => {
    const layout = layoutLineage([node('orphan', 'deleted'), node('p', 'q'), node('q', 'p')]);
    const at = new Map(layout.nodes.map((p) => [p.node.id, p.generation]));
    assert.equal(at.get('orphan'), 0);
    assert.deepEqual([at.get('p'), at.get('q')].sort(), [0, 1], 'the loop becomes a chain of two');
    assert.equal(layout.edges.length, 1);
  });

  it('lays out a search of 600 variants in one pass with every node placed once', () => {
    const nodes = [node('seed', null)];
    // Each variant's parent is an earlier one, spread over the whole history (a deep, bushy tree).
    for (let i = 1; i < 600; i++) nodes.push(node(`v${i}`, nodes[((i * 7919) % 1009) % i].id, (i % 97) / 100));
    const layout = layoutLineage(nodes);
    assert.equal(layout.nodes.length, 600);
    assert.equal(new Set(layout.nodes.map((p) => p.node.id)).size, 600);
    assert.equal(layout.edges.length, 599);
    for (const e of layout.edges) assert.equal(e.to.generation, e.from.generation + 1);
    assert.ok(layout.generations > 3, `a deep tree (${layout.generations} generations)`);
  });

  it('draws nothing for no variants', () => {
    const layout = layoutLineage([]);
    assert.deepEqual([layout.nodes.length, layout.edges.length, layout.generations], [0, 0, 0]);
  });
});
