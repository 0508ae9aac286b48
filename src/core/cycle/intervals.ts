/** The 95% intervals the novelty-loop paper ("From Memorization to Creativity") reports per cycle. */

/** z for a two-sided 95% interval. */
const z95 = 1.959963984540054;

/** Two-sided 95% Student-t critical values for 1–30 degrees of freedom (standard table values). */
const t95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * Wilson score interval for a proportion `successes / trials` — unlike the normal approximation it
 * stays inside [0, 1] and behaves at 0 or n successes, which small cycles hit often.
 */
export function wilsonInterval(successes: number, trials: number): [number, number] {
  if (trials <= 0) return [0, 1];
  const p = successes / trials;
  const z2 = z95 * z95;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z95 * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** The 95% t critical value for `df` degrees of freedom (table to 30, then a Cornish–Fisher expansion). */
export function tCritical95(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= t95.length) return t95[Math.floor(df) - 1];
  const z = z95;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/** Mean with its t-based 95% interval; `null` interval when fewer than two values. */
export function meanInterval(values: readonly number[]): { mean: number | null; interval: [number, number] | null } {
  if (values.length === 0) return { mean: null, interval: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length < 2) return { mean, interval: null };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  const half = tCritical95(values.length - 1) * Math.sqrt(variance / values.length);
  return { mean, interval: [mean - half, mean + half] };
}

/** The median, or null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
