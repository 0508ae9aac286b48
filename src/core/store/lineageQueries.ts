/**
 * SQL for the lineage graph: every variant with its parent, why that parent was drawn, what the
 * generation cost, and its measured accuracies, without the code. Called only by {@link HistoryStore}.
 */
import type { Database } from 'sql.js';
import { all, num, str } from './sqlRows';
import type { LineageRecord, ParentReason, VariantStatus } from './storeTypes';

// First-epoch accuracy as the archive ranks (completed runs only); the parameter count of the
// newest run that measured one.
const lineageSql = `
  SELECT v.id, v.name, v.cycle_id, v.parent_id, v.status, v.parent_reason, v.prompt_tokens, v.completion_tokens,
         v.file_path, v.best_accuracy,
         (SELECT MAX(e.test_accuracy) FROM runs r JOIN epochs e ON e.run_id = r.id AND e.epoch = 1
           WHERE r.variant_id = v.id AND r.status = 'completed') AS first_epoch_accuracy,
         (SELECT r.param_count FROM runs r WHERE r.variant_id = v.id AND r.param_count IS NOT NULL
           ORDER BY r.id DESC LIMIT 1) AS param_count
    FROM variants v
   ORDER BY v.created_at, v.id`;

/** Every variant, oldest first, as the lineage graph needs it. */
export function listLineage(db: Database): LineageRecord[] {
  return all(db, lineageSql).map((row) => ({
    id: String(row.id),
    name: str(row.name),
    cycleId: num(row.cycle_id),
    parentId: str(row.parent_id),
    status: String(row.status) as VariantStatus,
    parentReason: str(row.parent_reason) as ParentReason | null,
    promptTokens: num(row.prompt_tokens),
    completionTokens: num(row.completion_tokens),
    filePath: str(row.file_path),
    bestAccuracy: num(row.best_accuracy),
    firstEpochAccuracy: num(row.first_epoch_accuracy),
    paramCount: num(row.param_count),
  }));
}
