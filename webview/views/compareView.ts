import type { EpochRow, RunRow } from '../../src/shared/historyModel';
import { drawChart } from '../charts/chart';
import { drawStepLossChart } from '../charts/stepLossChart';
import { emptyNote, h } from '../dom';
import { compactCount, duration, percent } from '../lib/format';
import type { StoredCurves } from '../model';
import { latestRunPerVariant } from '../model';
import type { ChartTheme } from '../theme';

/** What the comparison can ask of the page. */
export interface CompareActions {
  readonly onPick: (pair: readonly [string, string]) => void;
  readonly onOpenDiff: (left: string, right: string) => void;
}

/** Two variants side by side: curves overlaid (per epoch and by step), hyperparameters and results in one table, and their diff. */
export function renderCompare(
  container: HTMLElement,
  runs: readonly RunRow[],
  curves: StoredCurves,
  pair: readonly [string, string] | null,
  theme: ChartTheme,
  actions: CompareActions,
): () => void {
  container.replaceChildren();
  const latest = latestRunPerVariant(runs);
  if (latest.size < 2) {
    container.append(emptyNote('Comparison needs two trained variants.'));
    return () => undefined;
  }
  const choices = [...latest.values()].sort((a, b) => b.id - a.id);
  const [left, right] =
    pair && latest.has(pair[0]) && latest.has(pair[1]) ? pair : [choices[1].variantId, choices[0].variantId];
  const picker = (selected: string, onChange: (id: string) => void) => {
    const select = h(
      'select',
      { 'aria-label': 'Variant' },
      ...choices.map((r) =>
        h(
          'option',
          { value: r.variantId, selected: r.variantId === selected },
          `${r.variantName} (${percent(r.testAccuracy)})`,
        ),
      ),
    );
    select.addEventListener('change', () => onChange(select.value));
    return select;
  };
  container.append(
    h(
      'div',
      { class: 'toolbar' },
      picker(left, (id) => actions.onPick([id, right])),
      h('span', {}, ' vs '),
      picker(right, (id) => actions.onPick([left, id])),
      h('vscode-button', { onclick: () => actions.onOpenDiff(left, right) }, 'Open diff'),
    ),
  );
  const a = latest.get(left)!;
  const b = latest.get(right)!;
  container.append(sideBySide(a, b));
  const disposeEpochs = drawEpochComparison(container, a, b, curves.epochsByRun, theme);
  const stepped = [a, b]
    .map((run, i) => ({
      label: run.variantName,
      colour: theme.series[i],
      points: curves.batchLossByRun.get(run.id) ?? [],
    }))
    .filter((c) => c.points.length > 0);
  if (stepped.length === 0) return disposeEpochs;
  const stepBox = h('div', { class: 'chart', 'data-chart': 'compare-steps' });
  container.append(stepBox);
  const disposeSteps = drawStepLossChart(stepBox, stepped, theme);
  return () => {
    disposeEpochs();
    disposeSteps();
  };
}

/** Both runs' test accuracy and training loss per epoch in one chart (nothing when neither has an epoch). */
function drawEpochComparison(
  container: HTMLElement,
  a: RunRow,
  b: RunRow,
  epochsByRun: StoredCurves['epochsByRun'],
  theme: ChartTheme,
): () => void {
  const epochsA = epochsByRun.get(a.id) ?? [];
  const epochsB = epochsByRun.get(b.id) ?? [];
  if (epochsA.length === 0 && epochsB.length === 0) return () => undefined;
  const maxEpoch = Math.max(0, ...epochsA.map((e) => e.epoch), ...epochsB.map((e) => e.epoch));
  const xs = Array.from({ length: maxEpoch }, (_, i) => i + 1);
  const at = (rows: readonly EpochRow[], pick: (e: EpochRow) => number) =>
    xs.map((x) => rows.find((e) => e.epoch === x)).map((e) => (e ? pick(e) : null));
  const box = h('div', { class: 'chart', 'data-chart': 'compare' });
  container.append(box);
  return drawChart(
    box,
    {
      title: 'Test accuracy and training loss per epoch',
      xLabel: 'epoch',
      integerX: true,
      yLabel: 'accuracy',
      y2Label: 'loss',
      series: [
        { label: `${a.variantName} acc`, colour: theme.series[0] },
        { label: `${b.variantName} acc`, colour: theme.series[1] },
        { label: `${a.variantName} loss`, colour: theme.series[0], dash: [4, 4], scale: 'y2' },
        { label: `${b.variantName} loss`, colour: theme.series[1], dash: [4, 4], scale: 'y2' },
      ],
      data: [
        xs,
        at(epochsA, (e) => e.testAccuracy),
        at(epochsB, (e) => e.testAccuracy),
        at(epochsA, (e) => e.trainLoss),
        at(epochsB, (e) => e.trainLoss),
      ],
    },
    theme,
  );
}

function sideBySide(a: RunRow, b: RunRow): HTMLElement {
  const keys = [...new Set([...Object.keys(a.hyperparameters), ...Object.keys(b.hyperparameters)])].sort();
  const row = (label: string, x: string, y: string) =>
    h('tr', { class: x === y ? '' : 'differs' }, h('th', { scope: 'row' }, label), h('td', {}, x), h('td', {}, y));
  return h(
    'table',
    { class: 'grid compare', 'aria-label': 'Comparison' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, ''), h('th', { scope: 'col' }, a.variantName), h('th', { scope: 'col' }, b.variantName)),
    ),
    h(
      'tbody',
      {},
      row('test accuracy', percent(a.testAccuracy), percent(b.testAccuracy)),
      row('parameters', compactCount(a.paramCount), compactCount(b.paramCount)),
      row('duration', duration(a.durationS), duration(b.durationS)),
      row('dataset', a.dataset, b.dataset),
      row('backend', a.backend ?? '–', b.backend ?? '–'),
      ...keys.map((k) => row(k, String(a.hyperparameters[k] ?? '–'), String(b.hyperparameters[k] ?? '–'))),
    ),
  );
}
