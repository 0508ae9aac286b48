/** Chart colours taken from the active VS Code theme's CSS variables. */
export interface ChartTheme {
  readonly foreground: string;
  readonly grid: string;
  readonly series: readonly string[];
}

const seriesVariables = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
];
const fallbacks = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

/** Reads the theme's colours now. */
export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    foreground: read('--vscode-foreground', '#cccccc'),
    grid: read('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)'),
    series: seriesVariables.map((v, i) => read(v, fallbacks[i])),
  };
}

/** Calls `onChange` when the user switches theme (VS Code swaps the body's classes). */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

/** A colour with transparency, for interval bands. */
export function translucent(colour: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour);
  if (!hex) return colour;
  const n = parseInt(hex[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
