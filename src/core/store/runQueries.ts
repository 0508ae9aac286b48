/**
 * SQL for runs and their epochs. Called only by {@link HistoryStore}.
 */
import type { Database, SqlValue } from 'sql.js';
import type { Row } from './sqlRows';
import { all, fromJson, lastId, num, one, str, toJson, whereIn, write } from './sqlRows';
import type { EpochRecord, Hyperparameters, NewRun, RunListRow, RunRecord, RunStatus, RunUpdate } from './storeTypes';

const runColumns =
  'r.id, r.variant_id, r.dataset, r.backend, r.hyperparameters, r.status, r.failure_reason, r.started_at, r.ended_at, r.test_accuracy, r.duration_ms, r.param_count, r.batch_size, r.transform';

function runFromRow(row: Row): RunRecord {
  return {
    id: Number(row.id),
    variantId: String(row.variant_id),
    dataset: String(row.dataset),
    backend: str(row.backend),
    hyperparameters: fromJson(row.hyperparameters, {}),
    status: String(row.status) as RunStatus,
    failureReason: str(row.failure_reason),
    startedAt: num(row.started_at),
    endedAt: num(row.ended_at),
    testAccuracy: num(row.test_accuracy),
    durationMs: num(row.duration_ms),
    paramCount: num(row.param_count),
    batchSize: num(row.batch_size),
    transform: str(row.transform),
  };
}

/** Recomputes the best completed accuracy of the variant a run belongs to (the tree reads it). */
export function refreshBestAccuracy(db: Database, runId: number): void {
  write(
    db,
    `UPDATE variants SET best_accuracy = (SELECT MAX(r.test_accuracy) FROM runs r WHERE r.variant_id = variants.id AND r.status = 'completed')
     WHERE id = (SELECT variant_id FROM runs WHERE id = ?)`,
    [runId],
  );
}

/** True when a run with this id exists. */
export function runExists(db: Database, id: number): boolean {
  return one(db, 'SELECT 1 FROM runs WHERE id = ?', [id]) !== undefined;
}

/** Inserts a run and returns its id. */
export function insertRun(db: Database, run: NewRun): number {
  write(
    db,
    `INSERT INTO runs (variant_id, dataset, backend, hyperparameters, status, started_at, batch_size, transform)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      run.variantId,
      run.dataset,
      run.backend ?? null,
      toJson(run.hyperparameters ?? {}),
      run.status ?? 'queued',
      run.startedAt ?? null,
      run.batchSize ?? null,
      run.transform ?? null,
    ],
  );
  const id = lastId(db);
  refreshBestAccuracy(db, id);
  return id;
}

const updatable: Record<keyof RunUpdate, string> = {
  status: 'status',
  backend: 'backend',
  failureReason: 'failure_reason',
  startedAt: 'started_at',
  endedAt: 'ended_at',
  testAccuracy: 'test_accuracy',
  durationMs: 'duration_ms',
  paramCount: 'param_count',
};

/** Applies the given fields to a run; returns false when no such run exists. */
export function updateRun(db: Database, id: number, update: RunUpdate): boolean {
  const keys = (Object.keys(update) as (keyof RunUpdate)[]).filter((k) => k in updatable && update[k] !== undefined);
  if (keys.length === 0) return runExists(db, id);
  const sets = keys.map((k) => `${updatable[k]} = ?`).join(', ');
  if (write(db, `UPDATE runs SET ${sets} WHERE id = ?`, [...keys.map((k) => update[k] as SqlValue), id]) === 0)
    return false;
  if (update.status !== undefined || update.testAccuracy !== undefined) refreshBestAccuracy(db, id);
  return true;
}

/** The run with this id, if stored. */
export function getRun(db: Database, id: number): RunRecord | undefined {
  const row = one(db, `SELECT ${runColumns} FROM runs r WHERE r.id = ?`, [id]);
  return row ? runFromRow(row) : undefined;
}

/** Filters for the results table. */
export interface RunFilter {
  readonly variantId?: string;
  readonly cycleId?: number;
  readonly statuses?: readonly RunStatus[];
}

/** Runs for the results table, newest first, with variant name and cycle. */
export function listRuns(db: Database, filter: RunFilter = {}): RunListRow[] {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  if (filter.variantId !== undefined) {
    parts.push('r.variant_id = ?');
    params.push(filter.variantId);
  }
  if (filter.cycleId !== undefined) {
    parts.push('v.cycle_id = ?');
    params.push(filter.cycleId);
  }
  whereIn(parts, params, 'r.status', filter.statuses);
  const where = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
  // Packed into one JSON value by SQLite: a results table of thousands of runs costs one wasm
  // call instead of ~16 per row.
  const packed = one(
    db,
    `SELECT json_group_array(json_array(${listColumns}) ORDER BY r.id DESC) AS runs FROM runs r JOIN variants v ON v.id = r.variant_id ${where}`,
    params,
  );
  return (JSON.parse(String(packed?.runs ?? '[]')) as ListTuple[]).map(
    ([
      id,
      variantId,
      dataset,
      backend,
      hyperparameters,
      status,
      failureReason,
      startedAt,
      endedAt,
      testAccuracy,
      durationMs,
      paramCount,
      batchSize,
      transform,
      variantName,
      cycleId,
      promptTokens,
      completionTokens,
    ]) => ({
      id,
      variantId,
      dataset,
      backend,
      hyperparameters,
      status,
      failureReason,
      startedAt,
      endedAt,
      testAccuracy,
      durationMs,
      paramCount,
      batchSize,
      transform,
      variantName,
      cycleId,
      promptTokens,
      completionTokens,
    }),
  );
}

const listColumns = `r.id, r.variant_id, r.dataset, r.backend, json(COALESCE(r.hyperparameters, '{}')), r.status, r.failure_reason, r.started_at, r.ended_at,
  r.test_accuracy, r.duration_ms, r.param_count, r.batch_size, r.transform, v.name, v.cycle_id, v.prompt_tokens, v.completion_tokens`;

type N = number | null;
type S = string | null;
type ListTuple = [number, string, string, S, Hyperparameters, RunStatus, S, N, N, N, N, N, N, S, S, N, N, N];

/** Inserts or replaces the metrics of one epoch. */
export function upsertEpoch(db: Database, runId: number, e: EpochRecord): void {
  write(
    db,
    `INSERT OR REPLACE INTO epochs (run_id, epoch, train_loss, train_accuracy, test_loss, test_accuracy, duration_ms, samples_per_second)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [runId, e.epoch, e.trainLoss, e.trainAccuracy, e.testLoss, e.testAccuracy, e.durationMs, e.samplesPerSecond],
  );
}

/** The epochs of a run in order. */
export function listEpochs(db: Database, runId: number): EpochRecord[] {
  return all(db, 'SELECT * FROM epochs WHERE run_id = ? ORDER BY epoch', [runId]).map((row) => ({
    epoch: Number(row.epoch),
    trainLoss: num(row.train_loss),
    trainAccuracy: num(row.train_accuracy),
    testLoss: num(row.test_loss),
    testAccuracy: num(row.test_accuracy),
    durationMs: num(row.duration_ms),
    samplesPerSecond: num(row.samples_per_second),
  }));
}
