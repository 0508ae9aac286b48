/**
 * SQL the search reads: the evaluated variants the archive of elites is rebuilt from, and the
 * failures kept per parent for the next prompt. Called only by {@link HistoryStore}.
 */
import type { Database } from 'sql.js';
import { all, lastId, num, str, write } from './sqlRows';
import type { EvaluatedVariant, FailureRecord, NewFailure } from './storeTypes';

/**
 * Every variant with a completed run on `dataset` whose first epoch was measured, with the best
 * such first-epoch accuracy and that run's parameter count. First-epoch accuracy, not the best
 * epoch: the cycle's proxy trains one epoch, so a Net trained longer by hand must not outrank it.
 */
export function listEvaluated(db: Database, dataset: string): EvaluatedVariant[] {
  const rows = all(
    db,
    `SELECT v.id, v.name, v.code, v.file_path, v.parent_id, v.cycle_id, e.test_accuracy AS accuracy, r.param_count
       FROM variants v
       JOIN runs r ON r.variant_id = v.id AND r.status = 'completed' AND r.dataset = ?
       JOIN epochs e ON e.run_id = r.id AND e.epoch = 1 AND e.test_accuracy IS NOT NULL
      ORDER BY v.created_at, v.id, e.test_accuracy DESC`,
    [dataset],
  );
  const best = new Map<string, EvaluatedVariant>();
  for (const row of rows) {
    const id = String(row.id);
    if (best.has(id)) continue; // rows of one variant come best first
    best.set(id, {
      id,
      name: str(row.name),
      code: String(row.code),
      filePath: str(row.file_path),
      parentId: str(row.parent_id),
      cycleId: num(row.cycle_id),
      accuracy: Number(row.accuracy),
      paramCount: num(row.param_count),
    });
  }
  return [...best.values()];
}

/** Stores one failure; returns its id. */
export function insertFailure(db: Database, failure: NewFailure, now: number): number {
  write(db, 'INSERT INTO failures (parent_id, cycle_id, stage, message, created_at) VALUES (?, ?, ?, ?, ?)', [
    failure.parentId,
    failure.cycleId ?? null,
    failure.stage,
    failure.message,
    now,
  ]);
  return lastId(db);
}

/** The `limit` latest failures of candidates made from `parentId`, newest first. */
export function listFailures(db: Database, parentId: string, limit: number): FailureRecord[] {
  return all(
    db,
    'SELECT id, parent_id, cycle_id, stage, message, created_at FROM failures WHERE parent_id = ? ORDER BY id DESC LIMIT ?',
    [parentId, limit],
  ).map((row) => ({
    id: Number(row.id),
    parentId: String(row.parent_id),
    cycleId: num(row.cycle_id),
    stage: String(row.stage),
    message: String(row.message),
    createdAt: Number(row.created_at),
  }));
}
