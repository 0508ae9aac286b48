/**
 * SQL for cycles and for the history tree's one query. Called only by {@link HistoryStore}.
 */
import type { Database } from 'sql.js';
import type { Row } from './sqlRows';
import { all, fromJson, lastId, num, one, toJson, write } from './sqlRows';
import type { CycleRecord, CycleStatus, TreeCycleNode, VariantStatus } from './storeTypes';

function cycleFromRow(row: Row): CycleRecord {
  return {
    id: Number(row.id),
    startedAt: Number(row.started_at),
    endedAt: num(row.ended_at),
    status: String(row.status) as CycleStatus,
    config: fromJson(row.config, null),
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

const treeColumns =
  'v.cycle_id, v.id, v.name, v.status, v.best_accuracy, v.novelty, v.nearest_id, v.nearest_similarity, v.parent_id, v.file_path, v.created_at';

// One statement, one row: the cycles and the variants, each packed into a JSON array by SQLite
// (one wasm call instead of ~11 per row). The variants come from the covering index
// variants_tree, so no fat row (code, signature) is read. Ordering is done in JS: an aggregate
// ORDER BY would add a sort in SQLite, and unordered aggregate output has no guaranteed order.
const treeSql = `
  SELECT
    (SELECT json_group_array(json_array(id, started_at, ended_at, status, config)) FROM cycles),
    (SELECT json_group_array(json_array(${treeColumns})) FROM variants v INDEXED BY variants_tree)`;

type CycleTuple = [number, number, number | null, CycleStatus, string | null];
type VariantTuple = [
  number | null,
  string,
  string | null,
  VariantStatus,
  number | null,
  number | null,
  string | null,
  number | null,
  string | null,
  string | null,
  number,
];

/** The history tree: newest cycle first (empty ones too), variants oldest first; variants without a cycle last. */
export function historyTree(db: Database): TreeCycleNode[] {
  const [cyclesJson, variantsJson] = db.exec(treeSql)[0].values[0];
  const cycles = (JSON.parse(String(cyclesJson)) as CycleTuple[]).sort((a, b) => b[0] - a[0]);
  const nodes = new Map<number | null, TreeCycleNode>();
  for (const [id, startedAt, endedAt, status, config] of cycles) {
    nodes.set(id, {
      cycle: {
        id,
        startedAt,
        endedAt,
        status,
        config: config === null ? null : (JSON.parse(config) as Record<string, unknown>),
      },
      variants: [],
    });
  }
  const variants = (JSON.parse(String(variantsJson)) as VariantTuple[]).sort(
    (a, b) => a[10] - b[10] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0),
  );
  for (const [
    cycleId,
    id,
    name,
    status,
    bestAccuracy,
    novelty,
    nearestId,
    nearestSimilarity,
    parentId,
    filePath,
    createdAt,
  ] of variants) {
    let node = nodes.get(cycleId);
    if (!node) {
      node = { cycle: null, variants: [] }; // no cycle, or a cycle id that no longer exists
      nodes.set(cycleId, node);
    }
    node.variants.push({
      id,
      shortName: name ?? id.slice(0, 8),
      status,
      bestAccuracy,
      novelty,
      nearestId,
      nearestSimilarity,
      parentId,
      filePath,
      createdAt,
    });
  }
  return [...nodes.values()];
}
