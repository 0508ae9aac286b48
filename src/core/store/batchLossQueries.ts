/**
 * SQL for runs' batch-loss curves (one `batch_losses` row per run). Called only by {@link HistoryStore}.
 */
import type { Database } from 'sql.js';
import type { StoredCurve } from './batchLossCurve';
import { appendPoints, emptyCurve, packPoints, unpackPoints } from './batchLossCurve';
import { all, one, write } from './sqlRows';
import type { BatchLossPoint } from './storeTypes';

function readCurve(db: Database, runId: number): StoredCurve {
  const row = one(db, 'SELECT points, received, stride FROM batch_losses WHERE run_id = ?', [runId]);
  return row
    ? { points: unpackPoints(row.points), received: Number(row.received), stride: Number(row.stride) }
    : emptyCurve;
}

/** Appends points to a run's curve, thinning it to the cap (see {@link appendPoints}). */
export function appendBatchLoss(db: Database, runId: number, points: readonly BatchLossPoint[]): void {
  const curve = appendPoints(readCurve(db, runId), points);
  write(db, 'INSERT OR REPLACE INTO batch_losses (run_id, points, received, stride) VALUES (?, ?, ?, ?)', [
    runId,
    packPoints(curve.points),
    curve.received,
    curve.stride,
  ]);
}

/** Ids bound per query: below SQLite's oldest limit on bound parameters (999). */
const idsPerQuery = 500;

/** The curves of these runs, by run id; a run without one is absent. */
export function listBatchLoss(db: Database, runIds: readonly number[]): Map<number, BatchLossPoint[]> {
  const curves = new Map<number, BatchLossPoint[]>();
  for (let from = 0; from < runIds.length; from += idsPerQuery) {
    const ids = runIds.slice(from, from + idsPerQuery);
    const rows = all(
      db,
      `SELECT run_id, points FROM batch_losses WHERE run_id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    for (const row of rows) curves.set(Number(row.run_id), unpackPoints(row.points));
  }
  return curves;
}
