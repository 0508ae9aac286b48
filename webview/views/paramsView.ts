import type { RunRow } from '../../src/shared/historyModel';
import { drawChart } from '../charts/chart';
import { emptyNote, h } from '../dom';
import type { ChartTheme } from '../theme';

/** Accuracy against parameter count, one point per finished run. */
export function renderParams(container: HTMLElement, runs: readonly RunRow[], theme: ChartTheme): () => void {
  container.replaceChildren();
  const points = runs
    .filter((r) => r.testAccuracy !== null && r.paramCount !== null)
    .map((r) => [r.paramCount!, r.testAccuracy!] as const)
    .sort((a, b) => a[0] - b[0]);
  if (points.length === 0) {
    container.append(emptyNote('No finished runs yet: each trained variant adds a point (parameters, test accuracy).'));
    return () => undefined;
  }
  const box = h('div', { class: 'chart', 'data-chart': 'accuracy-vs-params' });
  container.append(box);
  return drawChart(
    box,
    {
      title: `Test accuracy vs parameter count (${points.length} runs)`,
      xLabel: 'parameters',
      yLabel: 'accuracy',
      yRange: [0, 1],
      series: [{ label: 'run', colour: theme.series[0], pointsOnly: true }],
      data: [points.map((p) => p[0]), points.map((p) => p[1])],
    },
    theme,
  );
}
