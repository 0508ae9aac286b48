import type { CycleStats } from '../../src/shared/historyModel';
import { drawChart } from '../charts/chart';
import { emptyNote, h } from '../dom';
import { percent, tokens } from '../lib/format';
import type { ChartTheme } from '../theme';
import { translucent } from '../theme';

/** Per-cycle statistics over cycles: accuracy with its t-interval band, valid rate with its Wilson band, and the table. */
export function renderCycles(container: HTMLElement, cycles: readonly CycleStats[], theme: ChartTheme): () => void {
  container.replaceChildren();
  if (cycles.length === 0) {
    container.append(
      emptyNote(
        'No cycles yet. "NNGPT: Run Cycle" generates, checks, trains and admits variants; its statistics appear here.',
      ),
    );
    return () => undefined;
  }
  const sorted = [...cycles].sort((a, b) => a.index - b.index);
  const x = sorted.map((c) => c.index);
  const [blue, orange, green] = theme.series;
  const accBox = h('div', { class: 'chart', 'data-chart': 'cycle-accuracy' });
  const validBox = h('div', { class: 'chart', 'data-chart': 'cycle-valid' });
  container.append(accBox, validBox, statsTable(sorted));
  const disposeAcc = drawChart(
    accBox,
    {
      title: 'Accuracy per cycle (mean with 95% t-interval)',
      xLabel: 'cycle',
      integerX: true,
      yLabel: 'accuracy',
      yRange: [0, 1],
      series: [
        { label: 'CI high', colour: translucent(blue, 0.3), width: 1 },
        { label: 'mean', colour: blue },
        { label: 'CI low', colour: translucent(blue, 0.3), width: 1 },
        { label: 'best', colour: green, dash: [6, 4] },
        { label: 'median', colour: orange, dash: [2, 3] },
      ],
      data: [
        x,
        sorted.map((c) => c.meanCi?.[1] ?? null),
        sorted.map((c) => c.mean),
        sorted.map((c) => c.meanCi?.[0] ?? null),
        sorted.map((c) => c.best),
        sorted.map((c) => c.median),
      ],
      bands: [{ series: [1, 3], fill: translucent(blue, 0.15) }],
    },
    theme,
  );
  const disposeValid = drawChart(
    validBox,
    {
      title: 'Valid rate (Wilson 95% interval) and share above threshold',
      xLabel: 'cycle',
      integerX: true,
      yLabel: 'share',
      yRange: [0, 1],
      series: [
        { label: 'CI high', colour: translucent(orange, 0.3), width: 1 },
        { label: 'valid rate', colour: orange },
        { label: 'CI low', colour: translucent(orange, 0.3), width: 1 },
        { label: 'above threshold', colour: green },
      ],
      data: [
        x,
        sorted.map((c) => c.validRateCi[1]),
        sorted.map((c) => c.validRate),
        sorted.map((c) => c.validRateCi[0]),
        sorted.map((c) => c.shareAboveThreshold),
      ],
      bands: [{ series: [1, 3], fill: translucent(orange, 0.15) }],
    },
    theme,
  );
  return () => {
    disposeAcc();
    disposeValid();
  };
}

function statsTable(cycles: readonly CycleStats[]): HTMLElement {
  const head = [
    'cycle',
    'valid',
    'valid rate (95% CI)',
    'best',
    'mean (95% CI)',
    'median',
    '> threshold',
    'admitted',
    'rejected',
    'corpus',
    'tokens (prompt / completion)',
  ];
  const ci = (v: readonly [number, number] | null) => (v ? ` (${percent(v[0])}–${percent(v[1])})` : '');
  return h(
    'table',
    { class: 'grid', 'aria-label': 'Cycle statistics' },
    h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      ...cycles.map((c) =>
        h(
          'tr',
          {},
          h('td', {}, String(c.index)),
          h('td', {}, `${c.valid}/${c.candidates}`),
          h('td', {}, `${percent(c.validRate)}${ci(c.validRateCi)}`),
          h('td', {}, percent(c.best)),
          h('td', {}, `${percent(c.mean)}${ci(c.meanCi)}`),
          h('td', {}, percent(c.median)),
          h('td', {}, `${c.aboveThreshold} (${percent(c.shareAboveThreshold)})`),
          h('td', {}, String(c.novelAdmitted)),
          h('td', {}, String(c.rejections)),
          h('td', {}, String(c.corpusSize)),
          h('td', { class: 'num' }, c.search ? tokens(c.search.promptTokens, c.search.completionTokens) : '–'),
        ),
      ),
    ),
  );
}
