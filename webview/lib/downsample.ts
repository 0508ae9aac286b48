/**
 * Reduces a long series to at most `maxPoints` points for drawing, keeping each bucket's minimum and
 * maximum so spikes in a loss curve stay visible. Input x values must be ascending.
 */
export function downsampleMinMax(
  xs: readonly number[],
  ys: readonly number[],
  maxPoints: number,
): [number[], number[]] {
  if (xs.length !== ys.length) throw new Error(`x and y lengths differ (${xs.length} vs ${ys.length})`);
  if (xs.length <= maxPoints || maxPoints < 4) return [xs.slice(), ys.slice()];
  const buckets = Math.floor(maxPoints / 2);
  const size = xs.length / buckets;
  const outX: number[] = [];
  const outY: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(xs.length, Math.floor((b + 1) * size));
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (ys[i] < ys[lo]) lo = i;
      if (ys[i] > ys[hi]) hi = i;
    }
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) {
      if (outX.length === 0 || outX[outX.length - 1] !== xs[i]) {
        outX.push(xs[i]);
        outY.push(ys[i]);
      }
    }
  }
  return [outX, outY];
}
