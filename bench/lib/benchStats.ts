// Summary statistics the benches print.

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The geometric mean of positive ratios (NaN for an empty list): the mean that treats 2× and 0.5× alike. */
export function geometricMean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}
