/**
 * Small helpers the store's query files share: run a statement, read rows as objects, and
 * encode the values SQLite has no type for (JSON, signatures).
 */
import type { BindParams, Database, SqlValue } from 'sql.js';

/** A row as sql.js returns it. */
export type Row = Record<string, SqlValue>;

/** All rows of a query. */
export function all(db: Database, sql: string, params: BindParams = []): Row[] {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const rows: Row[] = [];
    while (statement.step()) rows.push(statement.getAsObject());
    return rows;
  } finally {
    statement.free();
  }
}

/** The first row of a query, or undefined. */
export function one(db: Database, sql: string, params: BindParams = []): Row | undefined {
  return all(db, sql, params)[0];
}

/** Runs a write; returns the number of changed rows. */
export function write(db: Database, sql: string, params: BindParams = []): number {
  db.run(sql, params);
  return db.getRowsModified();
}

/** The rowid of the last insert. */
export function lastId(db: Database): number {
  return Number(db.exec('SELECT last_insert_rowid()')[0].values[0][0]);
}

/** JSON text for a value, or null. */
export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Parses a JSON column, falling back when it is null. */
export function fromJson<T>(value: SqlValue, fallback: T): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : fallback;
}

/** A nullable number column. */
export function num(value: SqlValue): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** A nullable text column. */
export function str(value: SqlValue): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Appends `column IN (?, …)` to a WHERE builder when `values` is non-empty. */
export function whereIn(
  parts: string[],
  params: (string | number)[],
  column: string,
  values: readonly string[] | undefined,
): void {
  if (!values || values.length === 0) return;
  parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
  params.push(...values);
}

/** A signature as little-endian bytes, the same on every platform. */
export function signatureToBlob(signature: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(signature.length * 4);
  const view = new DataView(bytes.buffer);
  signature.forEach((v, i) => view.setUint32(i * 4, v, true));
  return bytes;
}

/** The inverse of {@link signatureToBlob}. */
export function signatureFromBlob(value: SqlValue): Uint32Array | null {
  if (!(value instanceof Uint8Array) || value.length % 4 !== 0) return null;
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const signature = new Uint32Array(value.length / 4);
  for (let i = 0; i < signature.length; i++) signature[i] = view.getUint32(i * 4, true);
  return signature;
}
