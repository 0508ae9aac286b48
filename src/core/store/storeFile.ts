/**
 * Reading a store file into sql.js and judging whether it is ours, without ever writing to it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { inspectSchema, schemaVersion } from './schema';
import { StoreUnusableError } from './storeErrors';

/** The 16-byte header every SQLite 3 database file starts with. */
const sqliteMagic = 'SQLite format 3\u0000';

/** The bytes of a file, or undefined when it does not exist. */
export function readIfExists(file: string): Uint8Array | undefined {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Opens `bytes` as one of our stores (any version up to ours) or throws {@link StoreUnusableError}. */
export function openOurs(sql: SqlJsStatic, file: string, bytes: Uint8Array): { db: Database; version: number } {
  const header = Buffer.from(bytes.subarray(0, 16)).toString('latin1');
  if (bytes.length < 100 || header !== sqliteMagic) {
    throw new StoreUnusableError(file, 'not-sqlite', 'it is not an SQLite database (wrong header)');
  }
  let db: Database | undefined;
  try {
    db = new sql.Database(bytes);
    // Cheap structural check (no index content scan): a torn or bit-rotted page shows up here.
    const check = String(db.exec('PRAGMA quick_check(1)')[0]?.values[0]?.[0] ?? '');
    if (check !== 'ok') throw new StoreUnusableError(file, 'damaged', `it is damaged (${check})`);
    const state = inspectSchema(db);
    if (state.kind === 'foreign') throw new StoreUnusableError(file, 'foreign-sqlite', state.detail);
    if (state.kind === 'newer') {
      throw new StoreUnusableError(
        file,
        'newer-schema',
        `it has schema version ${state.version}; this version of NNGPT understands up to ${schemaVersion}`,
      );
    }
    return { db, version: state.version };
  } catch (error) {
    db?.close();
    if (error instanceof StoreUnusableError) throw error;
    throw new StoreUnusableError(
      file,
      'damaged',
      `it is damaged (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** A fresh path beside `file` for a new store: `history.sqlite` → `history-20261125T105300Z.sqlite`. */
export function besidePath(file: string, now: number = Date.now()): string {
  const ext = path.extname(file);
  const base = file.slice(0, file.length - ext.length);
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  let candidate = `${base}-${stamp}${ext}`;
  for (let n = 2; fs.existsSync(candidate); n++) candidate = `${base}-${stamp}-${n}${ext}`;
  return candidate;
}
