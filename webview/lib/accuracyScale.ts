/**
 * The colour scale the lineage and archive views share: red for the least accurate Net shown,
 * through yellow, to green for the most accurate, so the best region of the search stands out
 * in any theme. The domain is the accuracies on screen, not [0, 1]: a search where every Net
 * scores 80–90% would otherwise draw one colour.
 */

/** The accuracies a scale spans. */
export interface AccuracyDomain {
  readonly low: number;
  readonly high: number;
}

/** The smallest and largest finite accuracy, or undefined when none is known. */
export function accuracyDomain(values: readonly (number | null)[]): AccuracyDomain | undefined {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  return low <= high ? { low, high } : undefined;
}

/** Where an accuracy sits in the domain, 0 to 1 (0.5 when the domain is one value). */
export function scalePosition(accuracy: number, domain: AccuracyDomain): number {
  if (domain.high === domain.low) return 0.5;
  return Math.min(1, Math.max(0, (accuracy - domain.low) / (domain.high - domain.low)));
}

/** The fill colour of an accuracy: hue 0 (red) to 120 (green). */
export function accuracyColour(accuracy: number, domain: AccuracyDomain): string {
  return `hsl(${Math.round(scalePosition(accuracy, domain) * 120)}, 65%, 42%)`;
}

/** A CSS gradient of the whole scale, for the legend. */
export function accuracyGradient(): string {
  const stops = [0, 0.25, 0.5, 0.75, 1].map((p) => `hsl(${Math.round(p * 120)}, 65%, 42%) ${p * 100}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
