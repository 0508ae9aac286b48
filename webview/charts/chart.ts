import uPlot from 'uplot';
import type { ChartTheme } from '../theme';

/** One drawn line (or point set) of a chart. */
export interface SeriesSpec {
  readonly label: string;
  readonly colour: string;
  readonly scale?: string;
  readonly pointsOnly?: boolean;
  readonly dash?: number[];
  readonly width?: number;
  /** Draw the line across missing (null) values: overlaid runs have points at different x. */
  readonly spanGaps?: boolean;
}

/** A chart to draw into `container`, replacing what was there. */
export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly y2Label?: string;
  readonly series: readonly SeriesSpec[];
  readonly data: uPlot.AlignedData;
  readonly bands?: uPlot.Band[];
  readonly yRange?: [number, number];
  /** The x values are counts (epochs, cycles): ticks only on whole numbers. */
  readonly integerX?: boolean;
}

/** Draws a uPlot chart sized to its container, themed, and returns a disposer. */
export function drawChart(container: HTMLElement, spec: ChartSpec, theme: ChartTheme): () => void {
  container.replaceChildren();
  // uPlot reads a present-but-undefined key as "set": only pass the options that have values.
  const axis = (label: string, scale?: string, side?: 1, incrs?: number[]): uPlot.Axis => ({
    label,
    stroke: theme.foreground,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid },
    ...(scale ? { scale } : {}),
    ...(side ? { side } : {}),
    ...(incrs ? { incrs } : {}),
  });
  // Proxy runs have one epoch and a first cycle has one point: draw points whenever lines would be
  // too short to see, and widen a zero-width x range so a single point lands mid-chart.
  const sparse = spec.data[0].length <= 40;
  const widen = (_u: uPlot, min: number, max: number): uPlot.Range.MinMax =>
    min === max ? [min - 1, max + 1] : [min, max];
  const options: uPlot.Options = {
    title: spec.title,
    width: Math.max(320, container.clientWidth || 640),
    height: 280,
    scales: { x: { time: false, range: widen }, y: spec.yRange ? { range: spec.yRange } : {} },
    axes: [
      axis(spec.xLabel, undefined, undefined, spec.integerX ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] : undefined),
      axis(spec.yLabel, 'y'),
      ...(spec.y2Label ? [axis(spec.y2Label, 'y2', 1)] : []),
    ],
    series: [
      { label: spec.xLabel },
      ...spec.series.map((s) => ({
        label: s.label,
        stroke: s.colour,
        width: s.width ?? 2,
        dash: s.dash,
        ...(s.spanGaps ? { spanGaps: true } : {}),
        scale: s.scale ?? 'y',
        points: {
          show: s.pointsOnly || sparse ? true : undefined,
          size: s.pointsOnly || sparse ? 7 : 4,
          fill: s.colour,
        },
        paths: s.pointsOnly ? () => null : undefined,
      })),
    ],
    bands: spec.bands,
    legend: { live: true },
  };
  const plot = new uPlot(options, spec.data, container);
  const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, container.clientWidth), height: 280 }));
  resize.observe(container);
  return () => {
    resize.disconnect();
    plot.destroy();
  };
}
