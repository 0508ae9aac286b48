import type { BatchLossPoint } from '../../src/shared/historyModel';
import { overlayCurves } from '../lib/overlay';
import type { ChartTheme } from '../theme';
import { drawChart } from './chart';

/** Most points drawn per run: a stored curve holds up to 2,000; halving them keeps several runs light. */
const maxPointsPerRun = 1000;

/** One stored run's curve as the chart shows it. */
export interface StepCurve {
  readonly label: string;
  readonly colour: string;
  readonly points: readonly BatchLossPoint[];
}

/**
 * Draws stored runs' batch-level training loss over one step axis (the learning curves and the
 * comparison share it). Only a run's per-batch loss shows how a one-epoch proxy run learned.
 */
export function drawStepLossChart(container: HTMLElement, curves: readonly StepCurve[], theme: ChartTheme): () => void {
  return drawChart(
    container,
    {
      title: 'Training loss by step',
      xLabel: 'step',
      yLabel: 'loss',
      series: curves.map((c) => ({ label: c.label, colour: c.colour, spanGaps: true })),
      data: overlayCurves(
        curves.map((c) => c.points),
        maxPointsPerRun,
      ),
    },
    theme,
  );
}
