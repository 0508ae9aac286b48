/**
 * A run's stored batch-loss curve as plain data: how points are appended under a cap, and how they
 * are packed into the BLOB the `batch_losses` table keeps. No SQL here; batchLossQueries.ts stores it.
 */
import type { BatchLossPoint } from './storeTypes';

/** Most points kept per run: a 100-epoch run must not bloat a file that is rewritten whole on every persist. */
export const maxBatchLossPoints = 2000;

/** Bytes per packed point: a uint32 step and a float32 loss. */
const bytesPerPoint = 8;

/** A run's curve with what is needed to keep thinning it evenly. */
export interface StoredCurve {
  readonly points: readonly BatchLossPoint[];
  /** How many points were ever offered (kept or not). */
  readonly received: number;
  /** One offered point in `stride` is kept: those whose offer index is a multiple of it. */
  readonly stride: number;
}

/** The curve of a run that has none yet. */
export const emptyCurve: StoredCurve = { points: [], received: 0, stride: 1 };

/**
 * Appends `incoming` (points with a non-finite loss are dropped: the trainer sends NaN when the
 * Net hides its loss). When the curve grows past `cap`, every other point goes and the stride
 * doubles; later points are then sampled at that stride too, so old and new parts of a long run
 * keep the same density instead of the oldest being halved again and again.
 */
export function appendPoints(
  curve: StoredCurve,
  incoming: readonly BatchLossPoint[],
  cap: number = maxBatchLossPoints,
): StoredCurve {
  let points = curve.points.slice();
  let { received, stride } = curve;
  for (const point of incoming) {
    if (!Number.isFinite(point[1]) || !Number.isFinite(point[0])) continue;
    if (received % stride === 0) points.push(point);
    received++;
    if (points.length > cap) {
      points = points.filter((_, i) => i % 2 === 0);
      stride *= 2;
    }
  }
  return { points, received, stride };
}

/** Packs points little-endian, the same bytes on every platform. */
export function packPoints(points: readonly BatchLossPoint[]): Uint8Array {
  const bytes = new Uint8Array(points.length * bytesPerPoint);
  const view = new DataView(bytes.buffer);
  points.forEach(([step, loss], i) => {
    view.setUint32(i * bytesPerPoint, step, true);
    view.setFloat32(i * bytesPerPoint + 4, loss, true);
  });
  return bytes;
}

/** The inverse of {@link packPoints}; a malformed value reads as no points. */
export function unpackPoints(value: unknown): BatchLossPoint[] {
  if (!(value instanceof Uint8Array) || value.length % bytesPerPoint !== 0) return [];
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const points: BatchLossPoint[] = [];
  for (let offset = 0; offset < value.length; offset += bytesPerPoint) {
    // float32 holds about 7 significant digits; rounding there shows 0.3 rather than 0.30000001192.
    points.push([view.getUint32(offset, true), Number(view.getFloat32(offset + 4, true).toPrecision(7))]);
  }
  return points;
}
