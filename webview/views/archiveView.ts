import type { ArchiveCellView, ArchiveGridView } from '../../src/shared/searchModel';
import { emptyNote, h } from '../dom';
import type { AccuracyDomain } from '../lib/accuracyScale';
import { accuracyColour, accuracyDomain, accuracyGradient } from '../lib/accuracyScale';
import { compactCount, percent } from '../lib/format';

/** What the archive view can ask of the page. */
export interface ArchiveActions {
  readonly onOpenVariant: (variantId: string) => void;
  /** The user picked another dataset or island (null: the whole store as one archive). */
  readonly onPick: (pick: { readonly dataset?: string; readonly island: number | null }) => void;
}

/**
 * The MAP-Elites grid the search keeps: one row per parameter bucket, one column per descriptor
 * value (depth bin or family), each filled cell showing its elite's name, first-epoch accuracy
 * and size, coloured by accuracy; empty cells are what the search has not reached yet.
 */
export function renderArchive(
  container: HTMLElement,
  grid: ArchiveGridView | null | undefined,
  actions: ArchiveActions,
): void {
  container.replaceChildren();
  if (grid === undefined) {
    container.append(emptyNote('Loading the archive…'));
    return;
  }
  if (grid === null) {
    container.append(emptyNote('No history is open yet: run a cycle or train a Net to start one.'));
    return;
  }
  container.append(toolbar(grid, actions));
  if (grid.descriptors.length === 0) {
    container.append(
      emptyNote(
        `No elites on ${grid.dataset || 'this dataset'} yet: a variant enters the archive once its first epoch is measured.`,
      ),
    );
    return;
  }
  const domain = accuracyDomain(grid.cells.map((c) => c.elite?.accuracy ?? null));
  const axis = grid.descriptor === 'depth' ? 'depth (weight layers)' : 'family';
  const header = h(
    'tr',
    {},
    h('th', { scope: 'col' }, `params \\ ${axis}`),
    ...grid.descriptors.map((d) => h('th', { scope: 'col' }, d)),
  );
  const rows = grid.buckets.map((bucket, r) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, bucket),
      ...grid.descriptors.map((_, c) => cell(grid.cells[r * grid.descriptors.length + c], domain, actions)),
    ),
  );
  const bar = h('span', { class: 'scale-bar' });
  bar.style.backgroundImage = accuracyGradient(); // CSSOM: the page's CSP allows no inline style attribute
  container.append(
    h(
      'div',
      { class: 'archive-scroll' },
      h(
        'table',
        {
          class: 'archive',
          'aria-label': 'Archive of elites',
          'data-filled': grid.filled,
          'data-cells': grid.cells.length,
        },
        h('thead', {}, header),
        h('tbody', {}, ...rows),
      ),
    ),
  );
  if (domain)
    container.append(
      h(
        'div',
        { class: 'legend' },
        h('span', {}, `first-epoch accuracy ${percent(domain.low)} `, bar, ` ${percent(domain.high)}`),
      ),
    );
}

function toolbar(grid: ArchiveGridView, actions: ArchiveActions): HTMLElement {
  const total = grid.cells.length;
  const caption =
    grid.descriptor === 'depth'
      ? `${grid.filled} of ${total} cells filled on ${grid.dataset}`
      : `${grid.filled} cells filled on ${grid.dataset} (families found so far)`;
  const parts: (HTMLElement | string)[] = [h('span', { class: 'archive-caption' }, caption)];
  if (grid.datasets.length > 1) {
    const datasets = h(
      'select',
      { 'aria-label': 'Dataset' },
      ...grid.datasets.map((d) => h('option', { value: d, selected: d === grid.dataset }, d)),
    );
    datasets.addEventListener('change', () => actions.onPick({ dataset: datasets.value, island: grid.island }));
    parts.push(datasets);
  }
  if (grid.islands > 1) {
    const islands = h(
      'select',
      { 'aria-label': 'Island' },
      h('option', { value: '', selected: grid.island === null }, 'all islands (one archive)'),
      ...Array.from({ length: grid.islands }, (_, i) =>
        h('option', { value: String(i), selected: grid.island === i }, `island ${i + 1} (with its migrant)`),
      ),
    );
    islands.addEventListener('change', () =>
      actions.onPick({ dataset: grid.dataset, island: islands.value === '' ? null : Number(islands.value) }),
    );
    parts.push(islands);
  }
  return h('div', { class: 'toolbar wrap' }, ...parts);
}

function cell(view: ArchiveCellView, domain: AccuracyDomain | undefined, actions: ArchiveActions): HTMLElement {
  const elite = view.elite;
  if (!elite || !domain)
    return h(
      'td',
      { class: 'archive-cell empty-cell', title: `${view.bucket} params × ${view.descriptor}: empty` },
      '–',
    );
  const td = h(
    'td',
    {
      class: 'archive-cell filled',
      'data-variant': elite.id,
      title: `${elite.name}: ${percent(elite.accuracy)} after one epoch, ${elite.paramCount} parameters\n${elite.summary}`,
    },
    h(
      'button',
      { class: 'elite', onclick: () => actions.onOpenVariant(elite.id) },
      h('span', { class: 'elite-name' }, elite.name),
      h('span', { class: 'elite-accuracy' }, percent(elite.accuracy)),
      h('span', { class: 'elite-params' }, `${compactCount(elite.paramCount)} params`),
    ),
  );
  td.style.backgroundColor = accuracyColour(elite.accuracy, domain);
  return td;
}
