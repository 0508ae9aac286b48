/** Display helpers shared by the panel's views. */

/** An accuracy in [0, 1] as a percentage with one decimal, or an en dash when unknown. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${(value * 100).toFixed(1)}%`;
}

/** A parameter count in compact form: 12.3k, 1.2M. */
export function compactCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return String(value);
}

/** Seconds as `1m 05s` or `12.3s`. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m ${String(Math.round(seconds - m * 60)).padStart(2, '0')}s`;
}

/** What a generation cost, as `1.2k / 340` (prompt / completion tokens), or an en dash when not recorded. */
export function tokens(prompt: number | null | undefined, completion: number | null | undefined): string {
  if (prompt === null || prompt === undefined) return '–';
  return `${compactCount(prompt)} / ${compactCount(completion ?? 0)}`;
}
