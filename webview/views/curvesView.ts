import type { EpochRow, RunRow } from '../../src/shared/historyModel';
import type { LiveRun } from '../../src/shared/resultsProtocol';
import { drawChart } from '../charts/chart';
import { drawStepLossChart } from '../charts/stepLossChart';
import { emptyNote, h } from '../dom';
import { downsampleMinMax } from '../lib/downsample';
import type { StoredCurves } from '../model';
import type { ChartTheme } from '../theme';

/** Most batch-loss points drawn for a live run; longer runs are downsampled (min/max per bucket). */
const maxLivePoints = 2000;

/**
 * Learning curves: the live runs batch by batch (one chart each: parallel trainers run several), then the chosen stored runs by step and per epoch
 * (a one-epoch proxy run is a whole curve by step, but a single point per epoch).
 */
export function renderCurves(
  container: HTMLElement,
  live: readonly LiveRun[],
  runs: readonly RunRow[],
  curves: StoredCurves,
  theme: ChartTheme,
): () => void {
  const disposers: (() => void)[] = [];
  container.replaceChildren();
  for (const run of live) disposers.push(renderLive(container, run, theme));
  // A run keeps its colour in every chart: picked by its place among the chosen runs.
  const colour = (run: RunRow) => theme.series[runs.indexOf(run) % theme.series.length];
  const label = (run: RunRow) => `#${run.id} ${run.variantName}`;
  const withEpochs = runs.filter((r) => (curves.epochsByRun.get(r.id)?.length ?? 0) > 0);
  const withSteps = runs.filter((r) => (curves.batchLossByRun.get(r.id)?.length ?? 0) > 0);
  if (withEpochs.length === 0 && withSteps.length === 0) {
    if (live.length === 0)
      container.append(
        emptyNote(
          'No learning curves yet. Train a Net ("NNGPT: Train Current Net") and its curves appear here while it trains.',
        ),
      );
    return () => disposers.forEach((d) => d());
  }
  const chosen = runs.filter((r) => withEpochs.includes(r) || withSteps.includes(r));
  container.append(h('h3', {}, `Curves of ${chosen.length} run(s)`));
  // By step first: a one-epoch proxy run (nearly every run) is a whole curve here, one point below.
  // A run that failed inside its first epoch has this curve but no epoch row.
  if (withSteps.length > 0) {
    const stepBox = h('div', { class: 'chart', 'data-chart': 'train-loss-steps' });
    container.append(stepBox);
    disposers.push(
      drawStepLossChart(
        stepBox,
        withSteps.map((r) => ({ label: label(r), colour: colour(r), points: curves.batchLossByRun.get(r.id)! })),
        theme,
      ),
    );
  }
  if (withEpochs.length > 0) {
    const maxEpoch = Math.max(...withEpochs.flatMap((r) => curves.epochsByRun.get(r.id)!.map((e) => e.epoch)));
    const epochs = Array.from({ length: maxEpoch }, (_, i) => i + 1);
    const column = (run: RunRow, pick: (e: EpochRow) => number) => {
      const byEpoch = new Map(curves.epochsByRun.get(run.id)!.map((e) => [e.epoch, pick(e)]));
      return epochs.map((e) => byEpoch.get(e) ?? null);
    };
    const accBox = h('div', { class: 'chart', 'data-chart': 'test-accuracy' });
    const lossBox = h('div', { class: 'chart', 'data-chart': 'train-loss' });
    container.append(accBox, lossBox);
    const series = withEpochs.map((r) => ({ label: label(r), colour: colour(r) }));
    disposers.push(
      drawChart(
        accBox,
        {
          title: 'Test accuracy by epoch',
          xLabel: 'epoch',
          integerX: true,
          yLabel: 'accuracy',
          series,
          data: [epochs, ...withEpochs.map((r) => column(r, (e) => e.testAccuracy))],
          yRange: [0, 1],
        },
        theme,
      ),
      drawChart(
        lossBox,
        {
          title: 'Mean training loss by epoch',
          xLabel: 'epoch',
          integerX: true,
          yLabel: 'loss',
          series,
          data: [epochs, ...withEpochs.map((r) => column(r, (e) => e.trainLoss))],
        },
        theme,
      ),
    );
  }
  return () => disposers.forEach((d) => d());
}

/** A run being trained (or one that just ended), batch by batch, as its trainer streams it. */
function renderLive(container: HTMLElement, live: LiveRun, theme: ChartTheme): () => void {
  const header = h(
    'h3',
    {},
    `${live.done ? 'Finished' : 'Training'}: ${live.variantName}${live.backend ? ` on ${live.backend}` : ''}`,
  );
  const lossBox = h('div', { class: 'chart', 'data-chart': 'live-loss' });
  container.append(header, lossBox);
  const [xs, ys] = downsampleMinMax(
    live.batchLoss.map((p) => p[0]),
    live.batchLoss.map((p) => p[1]),
    maxLivePoints,
  );
  return drawChart(
    lossBox,
    {
      title: 'Training loss by batch',
      xLabel: 'batch',
      yLabel: 'loss',
      series: [{ label: 'loss', colour: theme.series[0] }],
      data: [xs, ys],
    },
    theme,
  );
}
