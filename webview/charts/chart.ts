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
}

/** Draws a uPlot chart sized to its container, themed, and returns a disposer. */
export function drawChart(container: HTMLElement, spec: ChartSpec, theme: ChartTheme): () => void {
  container.replaceChildren();
  const axis = (label: string, scale?: string, side?: 1): uPlot.Axis => ({
    label,
    scale,
    side,
    stroke: theme.foreground,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid },
  });
  const options: uPlot.Options = {
    title: spec.title,
    width: Math.max(320, container.clientWidth || 640),
    height: 280,
    scales: { x: { time: false }, y: spec.yRange ? { range: spec.yRange } : {} },
    axes: [axis(spec.xLabel), axis(spec.yLabel, 'y'), ...(spec.y2Label ? [axis(spec.y2Label, 'y2', 1)] : [])],
    series: [
      { label: spec.xLabel },
      ...spec.series.map((s) => ({
        label: s.label,
        stroke: s.colour,
        width: s.width ?? 2,
        dash: s.dash,
        scale: s.scale ?? 'y',
        points: { show: s.pointsOnly ? true : undefined, size: s.pointsOnly ? 6 : 4, fill: s.colour },
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
