import type { BatchLossPoint } from '../../src/shared/historyModel';
import { downsampleMinMax } from './downsample';

/** Columns for one chart: the shared x values, then one y column per curve (null where it has no point). */
export type OverlayColumns = [number[], ...(number | null)[][]];

/**
 * Lays several runs' batch-loss curves over one x axis, as uPlot's aligned data wants: each curve
 * downsampled to `maxPointsPerCurve` (min/max per bucket, so spikes stay), x the union of their
 * steps. Runs report progress at different steps, so each column has gaps that the chart spans.
 */
export function overlayCurves(
  curves: readonly (readonly BatchLossPoint[])[],
  maxPointsPerCurve: number,
): OverlayColumns {
  const reduced = curves.map((curve) => {
    const [xs, ys] = downsampleMinMax(
      curve.map((p) => p[0]),
      curve.map((p) => p[1]),
      maxPointsPerCurve,
    );
    return new Map(xs.map((x, i) => [x, ys[i]]));
  });
  const steps = [...new Set(reduced.flatMap((byStep) => [...byStep.keys()]))].sort((a, b) => a - b);
  return [steps, ...reduced.map((byStep) => steps.map((x) => byStep.get(x) ?? null))];
}
