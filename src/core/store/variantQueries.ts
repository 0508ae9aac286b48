/**
 * SQL for variants. Called only by {@link HistoryStore}, which owns persistence and events.
 */
import type { Database } from 'sql.js';
import { codeId } from '../novelty/codeId';
import type { Row } from './sqlRows';
import { all, fromJson, num, one, signatureFromBlob, signatureToBlob, str, toJson, whereIn, write } from './sqlRows';
import type { EditOutcome, NewVariant, NoveltyInfo, ParentReason, VariantRecord, VariantStatus } from './storeTypes';

const columns =
  'id, cycle_id, name, code, file_path, parent_id, generator, prompt, snippets, hyperparameters, findings, minhash, status, created_at, novelty, nearest_id, nearest_similarity, parent_reason, edit_outcome, prompt_tokens, completion_tokens';

/** Maps a `variants` row to a record. */
export function variantFromRow(row: Row): VariantRecord {
  const novelty: NoveltyInfo | null =
    row.novelty === null
      ? null
      : { score: Number(row.novelty), nearestId: str(row.nearest_id), nearestSimilarity: num(row.nearest_similarity) };
  return {
    id: String(row.id),
    cycleId: num(row.cycle_id),
    name: str(row.name),
    code: String(row.code),
    filePath: str(row.file_path),
    parentId: str(row.parent_id),
    generator: String(row.generator),
    prompt: fromJson(row.prompt, null),
    snippets: fromJson(row.snippets, []),
    hyperparameters: fromJson(row.hyperparameters, {}),
    findings: fromJson(row.findings, []),
    signature: signatureFromBlob(row.minhash),
    status: String(row.status) as VariantStatus,
    novelty,
    createdAt: Number(row.created_at),
    parentReason: str(row.parent_reason) as ParentReason | null,
    editOutcome: str(row.edit_outcome) as EditOutcome | null,
    tokens:
      row.prompt_tokens === null || row.prompt_tokens === undefined
        ? null
        : { promptTokens: Number(row.prompt_tokens), completionTokens: Number(row.completion_tokens ?? 0) },
  };
}

/** The variant with this id, if stored. */
export function getVariant(db: Database, id: string): VariantRecord | undefined {
  const row = one(db, `SELECT ${columns} FROM variants WHERE id = ?`, [id]);
  return row ? variantFromRow(row) : undefined;
}

/** Inserts a variant unless its code id exists; returns the id and the existing record if any. */
export function insertVariant(db: Database, v: NewVariant, now: number): { id: string; existing?: VariantRecord } {
  const id = codeId(v.code);
  const existing = variantExists(db, id) ? getVariant(db, id) : undefined;
  if (existing) return { id, existing };
  write(
    db,
    `INSERT INTO variants (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      v.cycleId ?? null,
      v.name ?? null,
      v.code,
      v.filePath ?? null,
      v.parentId ?? null,
      v.generator,
      toJson(v.prompt),
      toJson(v.snippets ?? []),
      toJson(v.hyperparameters ?? {}),
      toJson(v.findings ?? []),
      v.signature ? signatureToBlob(v.signature) : null,
      v.status ?? 'generated',
      v.createdAt ?? now,
      v.novelty?.score ?? null,
      v.novelty?.nearestId ?? null,
      v.novelty?.nearestSimilarity ?? null,
      v.parentReason ?? null,
      v.editOutcome ?? null,
      v.tokens?.promptTokens ?? null,
      v.tokens?.completionTokens ?? null,
    ],
  );
  return { id };
}

/** True when a variant with this id exists (without reading its code). */
export function variantExists(db: Database, id: string): boolean {
  return one(db, 'SELECT 1 FROM variants WHERE id = ?', [id]) !== undefined;
}

/** Sets a variant's status; returns false when no such variant exists. */
export function setVariantStatus(db: Database, id: string, status: VariantStatus): boolean {
  return write(db, 'UPDATE variants SET status = ? WHERE id = ?', [status, id]) > 0;
}

/** Records novelty and, when given, the signature it was computed from. */
export function setVariantNovelty(db: Database, id: string, novelty: NoveltyInfo, signature?: Uint32Array): boolean {
  const blob = signature ? signatureToBlob(signature) : null;
  return (
    write(
      db,
      'UPDATE variants SET novelty = ?, nearest_id = ?, nearest_similarity = ?, minhash = COALESCE(?, minhash) WHERE id = ?',
      [novelty.score, novelty.nearestId, novelty.nearestSimilarity, blob, id],
    ) > 0
  );
}

/** Replaces a variant's signature; returns false when no such variant exists. */
export function setVariantSignature(db: Database, id: string, signature: Uint32Array): boolean {
  return write(db, 'UPDATE variants SET minhash = ? WHERE id = ?', [signatureToBlob(signature), id]) > 0;
}

/** Deletes a variant with its runs, their epochs and batch-loss curves; returns false when it did not exist. */
export function deleteVariant(db: Database, id: string): boolean {
  write(db, 'DELETE FROM batch_losses WHERE run_id IN (SELECT id FROM runs WHERE variant_id = ?)', [id]);
  write(db, 'DELETE FROM epochs WHERE run_id IN (SELECT id FROM runs WHERE variant_id = ?)', [id]);
  write(db, 'DELETE FROM runs WHERE variant_id = ?', [id]);
  write(db, 'DELETE FROM failures WHERE parent_id = ?', [id]);
  return write(db, 'DELETE FROM variants WHERE id = ?', [id]) > 0;
}

/** Filters for listing variants. */
export interface VariantFilter {
  readonly statuses?: readonly VariantStatus[];
  /** Inclusive cycle range; variants outside any cycle are excluded when a range is given. */
  readonly cycleFrom?: number;
  readonly cycleTo?: number;
}

function whereClause(filter: VariantFilter): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  whereIn(parts, params, 'status', filter.statuses);
  if (filter.cycleFrom !== undefined) {
    parts.push('cycle_id >= ?');
    params.push(filter.cycleFrom);
  }
  if (filter.cycleTo !== undefined) {
    parts.push('cycle_id <= ?');
    params.push(filter.cycleTo);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Variants matching a filter, oldest first, with their best completed-run accuracy. */
export function listVariants(
  db: Database,
  filter: VariantFilter = {},
): { variant: VariantRecord; bestAccuracy: number | null }[] {
  const where = whereClause(filter);
  const rows = all(
    db,
    `SELECT ${columns}, best_accuracy FROM variants ${where.sql} ORDER BY created_at, id`,
    where.params,
  );
  return rows.map((row) => ({ variant: variantFromRow(row), bestAccuracy: num(row.best_accuracy) }));
}

/** Stored signatures (id → signature) of variants matching a filter, without loading their code. */
export function listSignatures(db: Database, filter: VariantFilter = {}): { id: string; signature: Uint32Array }[] {
  const where = whereClause(filter);
  const prefix = where.sql ? `${where.sql} AND` : 'WHERE';
  const result: { id: string; signature: Uint32Array }[] = [];
  for (const row of all(
    db,
    `SELECT id, minhash FROM variants ${prefix} minhash IS NOT NULL ORDER BY created_at, id`,
    where.params,
  )) {
    const signature = signatureFromBlob(row.minhash);
    if (signature) result.push({ id: String(row.id), signature });
  }
  return result;
}
