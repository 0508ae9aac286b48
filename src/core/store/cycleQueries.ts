/**
 * SQL for cycles and for the history tree's one query. Called only by {@link HistoryStore}.
 */
import type { Database } from 'sql.js';
import type { Row } from './sqlRows';
import { all, fromJson, lastId, num, one, str, toJson, write } from './sqlRows';
import type { CycleRecord, CycleStatus, TreeCycleNode, VariantStatus } from './storeTypes';

function cycleFromRow(row: Row, prefix = ''): CycleRecord {
  return {
    id: Number(row[`${prefix}id`]),
    startedAt: Number(row[`${prefix}started_at`]),
    endedAt: num(row[`${prefix}ended_at`]),
    status: String(row[`${prefix}status`]) as CycleStatus,
    config: fromJson(row[`${prefix}config`], null),
  };
}

/** Starts a cycle and returns its id. */
export function insertCycle(db: Database, startedAt: number, config: Record<string, unknown> | null): number {
  write(db, "INSERT INTO cycles (started_at, status, config) VALUES (?, 'running', ?)", [startedAt, toJson(config)]);
  return lastId(db);
}

/** Ends a cycle; returns false when no such cycle exists. */
export function endCycle(db: Database, id: number, status: CycleStatus, endedAt: number): boolean {
  return write(db, 'UPDATE cycles SET status = ?, ended_at = ? WHERE id = ?', [status, endedAt, id]) > 0;
}

/** The cycle with this id, if stored. */
export function getCycle(db: Database, id: number): CycleRecord | undefined {
  const row = one(db, 'SELECT * FROM cycles WHERE id = ?', [id]);
  return row ? cycleFromRow(row) : undefined;
}

/** All cycles, oldest first. */
export function listCycles(db: Database): CycleRecord[] {
  return all(db, 'SELECT * FROM cycles ORDER BY id').map((row) => cycleFromRow(row));
}

// One statement: every cycle with its variants (LEFT JOIN keeps empty cycles), then the variants
// made outside a cycle. Best accuracy comes from the (variant_id, test_accuracy) index.
const treeSql = `
  SELECT c.id AS c_id, c.started_at AS c_started_at, c.ended_at AS c_ended_at, c.status AS c_status, c.config AS c_config,
         v.id, v.name, v.status, v.novelty, v.nearest_id, v.nearest_similarity, v.parent_id, v.file_path, v.created_at,
         (SELECT MAX(r.test_accuracy) FROM runs r WHERE r.variant_id = v.id AND r.status = 'completed') AS best
  FROM cycles c LEFT JOIN variants v ON v.cycle_id = c.id
  UNION ALL
  SELECT NULL, NULL, NULL, NULL, NULL,
         v.id, v.name, v.status, v.novelty, v.nearest_id, v.nearest_similarity, v.parent_id, v.file_path, v.created_at,
         (SELECT MAX(r.test_accuracy) FROM runs r WHERE r.variant_id = v.id AND r.status = 'completed')
  FROM variants v WHERE v.cycle_id IS NULL
  ORDER BY 1 DESC, 14, 6`;

/** The history tree: newest cycle first, variants oldest first; variants without a cycle last. */
export function historyTree(db: Database): TreeCycleNode[] {
  const nodes: TreeCycleNode[] = [];
  let current: TreeCycleNode | undefined;
  let currentKey: number | null | undefined;
  const statement = db.prepare(treeSql);
  try {
    while (statement.step()) {
      const row = statement.getAsObject();
      const key = num(row.c_id);
      if (!current || key !== currentKey) {
        current = { cycle: key === null ? null : cycleFromRow(row, 'c_'), variants: [] };
        currentKey = key;
        nodes.push(current);
      }
      if (row.id === null) continue;
      const id = String(row.id);
      current.variants.push({
        id,
        shortName: str(row.name) ?? id.slice(0, 8),
        status: String(row.status) as VariantStatus,
        bestAccuracy: num(row.best),
        novelty: num(row.novelty),
        nearestId: str(row.nearest_id),
        nearestSimilarity: num(row.nearest_similarity),
        parentId: str(row.parent_id),
        filePath: str(row.file_path),
        createdAt: Number(row.created_at),
      });
    }
  } finally {
    statement.free();
  }
  return nodes;
}
