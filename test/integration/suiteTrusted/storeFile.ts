// Reads the history file the extension writes, straight from disk with sql.js: the tests see what
// a user (or the CLI) would find there, not what the extension holds in memory. The extension keeps
// a lock file while it writes, but reading the bytes of an atomically replaced file is safe.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database, SqlValue } from 'sql.js';
import * as vscode from 'vscode';
import { loadSqlJs } from '../../../src/core/store/sqlJsLoader';
import { extensionId, fixtureUri } from '../shared/helpers';
import { pollUntil } from '../shared/poll';

/** One result row, column name → value. */
export type Row = Record<string, SqlValue>;

/** The store's default location in the fixture workspace (`nngpt.store.path` is not set there). */
export function storeFile(): string {
  return fixtureUri('.nngpt/history.sqlite').fsPath;
}

/** The rows `sql` selects. */
export function selectRows(db: Database, sql: string, params: SqlValue[] = []): Row[] {
  const statement = db.prepare(sql, params);
  const rows: Row[] = [];
  try {
    while (statement.step()) rows.push(statement.getAsObject());
  } finally {
    statement.free();
  }
  return rows;
}

/** Opens the file as it is on disk now, runs `query` on it and closes it. */
export async function readStore<T>(query: (db: Database) => T): Promise<T> {
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`${extensionId} is not loaded`);
  const SQL = await loadSqlJs([
    path.join(extension.extensionPath, 'dist'),
    path.join(extension.extensionPath, 'node_modules', 'sql.js', 'dist'),
  ]);
  const db = new SQL.Database(fs.readFileSync(storeFile()));
  try {
    return query(db);
  } finally {
    db.close();
  }
}

/** Re-reads the file until `query` returns a value (the store flushes in batches), or times out. */
export function waitForStore<T>(query: (db: Database) => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  return pollUntil(
    () => (fs.existsSync(storeFile()) ? readStore(query) : undefined),
    `${what} in ${storeFile()}`,
    timeoutMs,
    150,
  );
}
