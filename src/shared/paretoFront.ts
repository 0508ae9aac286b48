/**
 * The Pareto front of accuracy against parameter count: the Nets no other Net beats on both at
 * once (as accurate or more with no more parameters, and strictly better on one). It is what a
 * user trading size for accuracy picks from, so the results panel marks it on the scatter.
 */

/**
 * The items on the front, fewest parameters first (so accuracy rises along it). Items whose
 * parameter count or accuracy is not a finite number are left out; of items equal on both, the
 * first keeps the place.
 */
export function paretoFront<T>(
  items: readonly T[],
  paramsOf: (item: T) => number | null,
  accuracyOf: (item: T) => number | null,
): T[] {
  const measured = items
    .map((item, order) => ({ item, order, params: paramsOf(item), accuracy: accuracyOf(item) }))
    .filter(
      (p): p is { item: T; order: number; params: number; accuracy: number } =>
        p.params !== null && p.accuracy !== null && Number.isFinite(p.params) && Number.isFinite(p.accuracy),
    )
    // Fewest parameters first; at equal size the most accurate first, so only it can enter the front.
    .sort((a, b) => a.params - b.params || b.accuracy - a.accuracy || a.order - b.order);
  const front: T[] = [];
  let best = Number.NEGATIVE_INFINITY;
  for (const p of measured) {
    if (p.accuracy <= best) continue; // a smaller (or equal-size, earlier) Net is as accurate
    front.push(p.item);
    best = p.accuracy;
  }
  return front;
}
