import type { LineageNode } from '../../src/shared/searchModel';
import { emptyNote, h } from '../dom';
import type { AccuracyDomain } from '../lib/accuracyScale';
import { accuracyColour, accuracyDomain, accuracyGradient } from '../lib/accuracyScale';
import { compactCount, percent } from '../lib/format';
import type { PlacedNode } from '../lib/lineageLayout';
import { defaultLineageSpacing, layoutLineage } from '../lib/lineageLayout';
import { s } from '../svg';

/** Which accuracy colours the nodes. */
export type LineageColouring = 'firstEpoch' | 'best';

/** What the user chose in the view, kept in the panel state. */
export interface LineageChoices {
  readonly colourBy: LineageColouring;
  readonly zoom: number;
  readonly selected: string | null;
}

/** What the lineage view can ask of the page. */
export interface LineageActions {
  readonly onOpenVariant: (variantId: string) => void;
  readonly onDiffWithParent: (parentId: string, variantId: string) => void;
  /** Remembers a choice without a redraw (the view applies it itself). */
  readonly onChoice: (patch: Partial<LineageChoices>) => void;
  /** A choice that needs a redraw (the colouring). */
  readonly onRedraw: (patch: Partial<LineageChoices>) => void;
}

const nodeWidth = 150;
const nodeHeight = 22;
/** Room above the graph for the generation captions. */
const headerHeight = 24;
const zoomSteps = [0.25, 0.35, 0.5, 0.7, 1, 1.4, 2];

/**
 * The parent → child graph of every stored variant, by generation, coloured by accuracy. A click
 * opens the variant (its file, or its stored code) and selects it; the selection offers a diff
 * against its parent. Hundreds of nodes fit: the drawing scrolls, and zooms with the buttons or
 * Ctrl + wheel.
 */
export function renderLineage(
  container: HTMLElement,
  nodes: readonly LineageNode[] | undefined,
  choices: LineageChoices,
  actions: LineageActions,
): void {
  const previous = container.querySelector<HTMLElement>('.lineage-scroll');
  const scroll = previous ? { left: previous.scrollLeft, top: previous.scrollTop } : undefined;
  container.replaceChildren();
  if (nodes === undefined) {
    container.append(emptyNote('Loading the lineage…'));
    return;
  }
  if (nodes.length === 0) {
    container.append(
      emptyNote('No variants yet. Every generated Net becomes a node here, linked to the parent it was made from.'),
    );
    return;
  }
  const accuracyOf = (n: LineageNode) => (choices.colourBy === 'best' ? n.bestAccuracy : n.firstEpochAccuracy);
  const domain = accuracyDomain(nodes.map(accuracyOf));
  const layout = layoutLineage(nodes);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let zoom = zoomSteps.includes(choices.zoom) ? choices.zoom : 1;
  let selected = choices.selected && byId.has(choices.selected) ? choices.selected : null;

  const width = layout.width;
  const height = layout.height + headerHeight;
  const graph = s('g', { transform: `translate(0, ${headerHeight})` });
  for (const edge of layout.edges) {
    const x1 = edge.from.x + nodeWidth;
    const x2 = edge.to.x;
    const mid = (x1 + x2) / 2;
    graph.append(
      s('path', {
        class: `lineage-edge reason-${edge.to.node.parentReason ?? 'none'}`,
        d: `M ${x1} ${edge.from.y} C ${mid} ${edge.from.y}, ${mid} ${edge.to.y}, ${x2} ${edge.to.y}`,
      }),
    );
  }
  const nodeElements = new Map<string, SVGGElement>();
  for (const placed of layout.nodes) {
    const element = drawNode(placed, accuracyOf(placed.node), domain);
    element.addEventListener('click', () => {
      select(placed.node.id);
      actions.onOpenVariant(placed.node.id);
    });
    nodeElements.set(placed.node.id, element);
    graph.append(element);
  }
  const captions = Array.from({ length: layout.generations }, (_, g) =>
    s(
      'text',
      { class: 'lineage-caption', x: defaultLineageSpacing.margin + g * defaultLineageSpacing.column, y: 14 },
      g === 0 ? 'roots (seed, hand-made)' : `generation ${g}`,
    ),
  );
  const svg = s(
    'svg',
    {
      class: 'lineage',
      'data-chart': 'lineage',
      'data-nodes': layout.nodes.length,
      'data-edges': layout.edges.length,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': `Lineage of ${layout.nodes.length} variants`,
    },
    ...captions,
    graph,
  );
  const applyZoom = () => {
    svg.setAttribute('width', String(Math.round(width * zoom)));
    svg.setAttribute('height', String(Math.round(height * zoom)));
    zoomLabel.textContent = `${Math.round(zoom * 100)}%`;
  };
  const zoomBy = (step: number) => {
    const i = zoomSteps.indexOf(zoom);
    zoom = zoomSteps[Math.min(zoomSteps.length - 1, Math.max(0, i + step))];
    applyZoom();
    actions.onChoice({ zoom });
  };
  const scroller = h('div', { class: 'lineage-scroll' }, svg);
  scroller.addEventListener(
    'wheel',
    (event) => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      zoomBy(event.deltaY < 0 ? 1 : -1);
    },
    { passive: false },
  );
  const zoomLabel = h('span', { class: 'zoom-label' }, '');
  const colourPicker = h(
    'select',
    { 'aria-label': 'Colour nodes by' },
    h('option', { value: 'firstEpoch', selected: choices.colourBy === 'firstEpoch' }, 'first-epoch accuracy'),
    h('option', { value: 'best', selected: choices.colourBy === 'best' }, 'best accuracy'),
  );
  colourPicker.addEventListener('change', () =>
    actions.onRedraw({ colourBy: colourPicker.value === 'best' ? 'best' : 'firstEpoch' }),
  );
  const details = h('div', { class: 'lineage-details' });
  const showDetails = () => {
    details.replaceChildren(selected ? describe(byId.get(selected)!, byId, actions) : hint());
  };
  const select = (id: string) => {
    if (selected) nodeElements.get(selected)?.classList.remove('selected');
    selected = id;
    nodeElements.get(id)?.classList.add('selected');
    showDetails();
    actions.onChoice({ selected: id });
  };
  container.append(
    h(
      'div',
      { class: 'toolbar wrap' },
      h('span', {}, `${layout.nodes.length} variants, ${layout.edges.length} parent links · colour by`),
      colourPicker,
      h('vscode-button', { secondary: true, title: 'Zoom out', onclick: () => zoomBy(-1) }, '−'),
      zoomLabel,
      h('vscode-button', { secondary: true, title: 'Zoom in', onclick: () => zoomBy(1) }, '+'),
    ),
    legend(domain, choices.colourBy),
    details,
    scroller,
  );
  applyZoom();
  if (selected) nodeElements.get(selected)?.classList.add('selected');
  showDetails();
  if (scroll) {
    scroller.scrollLeft = scroll.left;
    scroller.scrollTop = scroll.top;
  }
}

function drawNode(placed: PlacedNode, accuracy: number | null, domain: AccuracyDomain | undefined): SVGGElement {
  const n = placed.node;
  const measured = accuracy !== null && domain !== undefined;
  const label = n.name.length > 19 ? `${n.name.slice(0, 18)}…` : n.name;
  const tooltip = [
    n.name,
    n.cycleIndex === null ? 'outside cycles' : `cycle ${n.cycleIndex}`,
    `status ${n.status}`,
    n.parentReason ? `parent drawn by ${n.parentReason}` : null,
    `first epoch ${percent(n.firstEpochAccuracy)} · best ${percent(n.bestAccuracy)}`,
    n.paramCount === null ? null : `${compactCount(n.paramCount)} parameters`,
    n.promptTokens === null ? null : `tokens ${n.promptTokens} prompt / ${n.completionTokens ?? 0} completion`,
  ]
    .filter((line) => line !== null)
    .join('\n');
  return s(
    'g',
    {
      class: `lineage-node${measured ? '' : ' unmeasured'}`,
      'data-variant': n.id,
      'data-status': n.status,
      transform: `translate(${placed.x}, ${placed.y - nodeHeight / 2})`,
      tabindex: 0,
    },
    s('title', {}, tooltip),
    s('rect', {
      width: nodeWidth,
      height: nodeHeight,
      rx: 4,
      ...(measured ? { fill: accuracyColour(accuracy, domain) } : {}),
    }),
    s('text', { x: 6, y: 15 }, `${label}${accuracy === null ? '' : ` ${percent(accuracy)}`}`),
  );
}

function legend(domain: AccuracyDomain | undefined, colourBy: LineageColouring): HTMLElement {
  const bar = h('span', { class: 'scale-bar' });
  bar.style.backgroundImage = accuracyGradient(); // CSSOM, not a style attribute: the page's CSP allows no inline style
  const what = colourBy === 'best' ? 'best accuracy' : 'first-epoch accuracy';
  return h(
    'div',
    { class: 'legend', 'aria-label': 'Legend' },
    domain
      ? h('span', {}, `${what} ${percent(domain.low)} `, bar, ` ${percent(domain.high)}`)
      : h('span', {}, `no ${what} measured yet`),
    // Each key stays beside its label when the legend wraps.
    h('span', { class: 'key' }, h('span', { class: 'swatch unmeasured' }, ''), ' not trained'),
    ...(['exploit', 'explore', 'seed'] as const).map((reason) =>
      h('span', { class: 'key' }, h('span', { class: `edge-key reason-${reason}` }, ''), ` ${reason}`),
    ),
  );
}

function hint(): HTMLElement {
  return h(
    'span',
    { class: 'hint' },
    'Click a node to open its variant; the selected node can be diffed with its parent.',
  );
}

function describe(n: LineageNode, byId: ReadonlyMap<string, LineageNode>, actions: LineageActions): HTMLElement {
  const parent = n.parentId ? byId.get(n.parentId) : undefined;
  const facts = [
    n.cycleIndex === null ? 'outside cycles' : `cycle ${n.cycleIndex}`,
    n.status,
    parent ? `from ${parent.name}${n.parentReason ? ` (${n.parentReason})` : ''}` : 'no stored parent',
    `first epoch ${percent(n.firstEpochAccuracy)}`,
    `best ${percent(n.bestAccuracy)}`,
    `${compactCount(n.paramCount)} params`,
    n.promptTokens === null ? 'no tokens recorded' : `${n.promptTokens} + ${n.completionTokens ?? 0} tokens`,
  ];
  return h(
    'span',
    { 'data-selected': n.id },
    h('strong', {}, n.name),
    ` · ${facts.join(' · ')} `,
    h('vscode-button', { secondary: true, onclick: () => actions.onOpenVariant(n.id) }, 'Open'),
    ' ',
    h(
      'vscode-button',
      {
        secondary: true,
        disabled: !parent,
        title: parent ? `Diff ${parent.name} → ${n.name}` : 'This variant has no stored parent',
        onclick: () => parent && actions.onDiffWithParent(parent.id, n.id),
      },
      'Diff with parent',
    ),
  );
}
