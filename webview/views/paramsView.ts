import type { RunRow } from '../../src/shared/historyModel';
import { paretoFront } from '../../src/shared/paretoFront';
import { drawChart } from '../charts/chart';
import { emptyNote, h } from '../dom';
import { compactCount, percent } from '../lib/format';
import type { ChartTheme } from '../theme';

/**
 * Accuracy against parameter count, one point per finished run, with the Pareto front (the runs
 * no smaller run matches in accuracy) drawn as a line through its points and listed below.
 */
export function renderParams(container: HTMLElement, runs: readonly RunRow[], theme: ChartTheme): () => void {
  container.replaceChildren();
  const measured = runs
    .filter((r) => r.testAccuracy !== null && r.paramCount !== null)
    .sort((a, b) => a.paramCount! - b.paramCount! || a.id - b.id);
  if (measured.length === 0) {
    container.append(emptyNote('No finished runs yet: each trained variant adds a point (parameters, test accuracy).'));
    return () => undefined;
  }
  const front = paretoFront(
    measured,
    (r) => r.paramCount,
    (r) => r.testAccuracy,
  );
  const onFront = new Set(front.map((r) => r.id));
  const box = h('div', { class: 'chart', 'data-chart': 'accuracy-vs-params' });
  container.append(box, frontTable(front));
  return drawChart(
    box,
    {
      title: `Test accuracy vs parameter count (${measured.length} runs, ${front.length} on the Pareto front)`,
      xLabel: 'parameters',
      yLabel: 'accuracy',
      yRange: [0, 1],
      series: [
        { label: 'run', colour: theme.series[0], pointsOnly: true },
        { label: 'Pareto front', colour: theme.series[1], spanGaps: true, width: 2 },
      ],
      data: [
        measured.map((r) => r.paramCount!),
        measured.map((r) => r.testAccuracy!),
        measured.map((r) => (onFront.has(r.id) ? r.testAccuracy! : null)),
      ],
    },
    theme,
  );
}

function frontTable(front: readonly RunRow[]): HTMLElement {
  return h(
    'table',
    { class: 'grid', 'aria-label': 'Pareto front' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Pareto front (fewest parameters first)', 'Params', 'Test acc.'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      ...front.map((r) =>
        h(
          'tr',
          { 'data-run': r.id },
          h('td', {}, r.variantName),
          h('td', { class: 'num' }, compactCount(r.paramCount)),
          h('td', { class: 'num' }, percent(r.testAccuracy)),
        ),
      ),
    ),
  );
}
