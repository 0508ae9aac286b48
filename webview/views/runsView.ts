import type { RunRow } from '../../src/shared/historyModel';
import { emptyNote, h } from '../dom';
import { compactCount, duration, percent, tokens } from '../lib/format';
import type { RunColumn, RunTableQuery } from '../lib/runTable';
import { queryRuns } from '../lib/runTable';

const columns: readonly { key: RunColumn; title: string }[] = [
  { key: 'variantName', title: 'Variant' },
  { key: 'dataset', title: 'Dataset' },
  { key: 'backend', title: 'Backend' },
  { key: 'status', title: 'Status' },
  { key: 'testAccuracy', title: 'Test acc.' },
  { key: 'paramCount', title: 'Params' },
  { key: 'promptTokens', title: 'Tokens (prompt / completion)' },
  { key: 'durationS', title: 'Duration' },
  { key: 'startedAt', title: 'Started' },
];

/** What the run table can ask of the page. */
export interface RunsActions {
  readonly onQuery: (query: RunTableQuery) => void;
  readonly onOpenVariant: (variantId: string) => void;
  readonly onShowCurves: (runId: number) => void;
}

/** The sortable, filterable, paged run table. */
export function renderRuns(
  container: HTMLElement,
  runs: readonly RunRow[],
  query: RunTableQuery,
  actions: RunsActions,
): void {
  container.replaceChildren();
  if (runs.length === 0) {
    container.append(emptyNote('No runs yet.'));
    return;
  }
  const page = queryRuns(runs, query);
  const filter = h('vscode-textfield', {
    placeholder: 'Filter by variant, dataset, backend, status…',
    value: query.filter,
    'aria-label': 'Filter runs',
  });
  filter.addEventListener('input', () => actions.onQuery({ ...query, filter: filter.value, page: 0 }));
  const header = h(
    'tr',
    {},
    ...columns.map((c) => {
      const arrow = query.sortBy === c.key ? (query.descending ? ' ▼' : ' ▲') : '';
      const sortState = query.sortBy === c.key ? (query.descending ? 'descending' : 'ascending') : 'none';
      return h(
        'th',
        { scope: 'col', 'aria-sort': sortState },
        h(
          'button',
          {
            class: 'link',
            onclick: () =>
              actions.onQuery({
                ...query,
                sortBy: c.key,
                descending: query.sortBy === c.key ? !query.descending : c.key === 'testAccuracy',
                page: 0,
              }),
          },
          c.title + arrow,
        ),
      );
    }),
    h('th', { scope: 'col' }, ''),
  );
  const rows = page.rows.map((r) =>
    h(
      'tr',
      { 'data-run': r.id, class: r.status === 'failed' ? 'failed' : '' },
      h(
        'td',
        {},
        h(
          'button',
          { class: 'link', title: 'Open the variant', onclick: () => actions.onOpenVariant(r.variantId) },
          r.variantName,
        ),
      ),
      h('td', {}, r.dataset),
      h('td', {}, r.backend ?? '–'),
      h('td', { title: r.failureReason ?? '' }, r.status + (r.failureReason ? ` (${r.failureReason})` : '')),
      h('td', { class: 'num' }, percent(r.testAccuracy)),
      h('td', { class: 'num' }, compactCount(r.paramCount)),
      h('td', { class: 'num' }, tokens(r.promptTokens, r.completionTokens)),
      h('td', { class: 'num' }, duration(r.durationS)),
      h('td', {}, new Date(r.startedAt).toLocaleString()),
      h('td', {}, h('button', { class: 'link', onclick: () => actions.onShowCurves(r.id) }, 'curves')),
    ),
  );
  const pager = h(
    'div',
    { class: 'pager' },
    h(
      'vscode-button',
      { secondary: true, disabled: page.page === 0, onclick: () => actions.onQuery({ ...query, page: page.page - 1 }) },
      'Previous',
    ),
    h('span', {}, ` ${page.matching} run(s) · page ${page.page + 1} of ${page.pages} `),
    h(
      'vscode-button',
      {
        secondary: true,
        disabled: page.page >= page.pages - 1,
        onclick: () => actions.onQuery({ ...query, page: page.page + 1 }),
      },
      'Next',
    ),
  );
  container.append(
    filter,
    h('table', { class: 'grid', 'aria-label': 'Runs' }, h('thead', {}, header), h('tbody', {}, ...rows)),
    pager,
  );
}
