import type { EpochRow, RunRow } from '../../src/shared/historyModel';
import type { LiveRun } from '../../src/shared/resultsProtocol';
import { drawChart } from '../charts/chart';
import { emptyNote, h } from '../dom';
import { downsampleMinMax } from '../lib/downsample';
import type { ChartTheme } from '../theme';

/** Most batch-loss points drawn for a live run; longer runs are downsampled (min/max per bucket). */
const maxLivePoints = 2000;

/** Learning curves: the live run batch by batch, then per-epoch curves of the chosen runs. */
export function renderCurves(
  container: HTMLElement,
  live: LiveRun | null,
  runs: readonly RunRow[],
  epochsByRun: ReadonlyMap<number, readonly EpochRow[]>,
  theme: ChartTheme,
): () => void {
  const disposers: (() => void)[] = [];
  container.replaceChildren();
  if (live) {
    const header = h('h3', {}, `${live.done ? 'Last run' : 'Training'}: ${live.variantName}${live.backend ? ` on ${live.backend}` : ''}`);
    const lossBox = h('div', { class: 'chart', 'data-chart': 'live-loss' });
    container.append(header, lossBox);
    const [xs, ys] = downsampleMinMax(
      live.batchLoss.map((p) => p[0]),
      live.batchLoss.map((p) => p[1]),
      maxLivePoints,
    );
    disposers.push(
      drawChart(lossBox, { title: 'Training loss by batch', xLabel: 'batch', yLabel: 'loss', series: [{ label: 'loss', colour: theme.series[0] }], data: [xs, ys] }, theme),
    );
  }
  const shown = runs.filter((r) => (epochsByRun.get(r.id)?.length ?? 0) > 0);
  if (shown.length === 0) {
    if (!live) container.append(emptyNote('No learning curves yet. Train a Net ("NNGPT: Train Current Net") and its curves appear here while it trains.'));
    return () => disposers.forEach((d) => d());
  }
  const maxEpoch = Math.max(...shown.flatMap((r) => epochsByRun.get(r.id)!.map((e) => e.epoch)));
  const epochs = Array.from({ length: maxEpoch }, (_, i) => i + 1);
  const column = (run: RunRow, pick: (e: EpochRow) => number) => {
    const byEpoch = new Map(epochsByRun.get(run.id)!.map((e) => [e.epoch, pick(e)]));
    return epochs.map((e) => byEpoch.get(e) ?? null);
  };
  const colour = (i: number) => theme.series[i % theme.series.length];
  const accBox = h('div', { class: 'chart', 'data-chart': 'test-accuracy' });
  const lossBox = h('div', { class: 'chart', 'data-chart': 'train-loss' });
  container.append(h('h3', {}, `Per-epoch curves of ${shown.length} run(s)`), accBox, lossBox);
  const series = shown.map((r, i) => ({ label: `#${r.id} ${r.variantName}`, colour: colour(i) }));
  disposers.push(
    drawChart(accBox, { title: 'Test accuracy', xLabel: 'epoch', integerX: true, yLabel: 'accuracy', series, data: [epochs, ...shown.map((r) => column(r, (e) => e.testAccuracy))], yRange: [0, 1] }, theme),
    drawChart(lossBox, { title: 'Training loss', xLabel: 'epoch', integerX: true, yLabel: 'loss', series, data: [epochs, ...shown.map((r) => column(r, (e) => e.trainLoss))] }, theme),
  );
  return () => disposers.forEach((d) => d());
}
