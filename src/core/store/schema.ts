/**
 * The store's schema: numbered forward migrations, `PRAGMA user_version` as the version and
 * `PRAGMA application_id` plus a `meta` row as the marker that tells our files from foreign ones.
 */
import type { Database } from 'sql.js';

/** 'NNGP' in ASCII: written into the SQLite header so any tool can tell our files apart. */
export const applicationId = 0x4e4e4750;

/** The `meta` row that marks a history store. */
export const markerKey = 'marker';
export const markerValue = 'nngpt-history';

/** Migration N (1-based) takes a version N-1 database to version N. Never edit a shipped one; append. */
export const migrations: readonly string[] = [
  // v1: the first schema.
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE cycles (
     id INTEGER PRIMARY KEY, started_at INTEGER NOT NULL, ended_at INTEGER,
     status TEXT NOT NULL, config TEXT);
   CREATE TABLE variants (
     id TEXT PRIMARY KEY, cycle_id INTEGER REFERENCES cycles(id), name TEXT, code TEXT NOT NULL,
     file_path TEXT, parent_id TEXT, generator TEXT NOT NULL, prompt TEXT, snippets TEXT,
     hyperparameters TEXT, findings TEXT, minhash BLOB, status TEXT NOT NULL, created_at INTEGER NOT NULL);
   CREATE TABLE runs (
     id INTEGER PRIMARY KEY, variant_id TEXT NOT NULL REFERENCES variants(id), dataset TEXT NOT NULL,
     backend TEXT, hyperparameters TEXT, status TEXT NOT NULL, failure_reason TEXT,
     started_at INTEGER, ended_at INTEGER);
   CREATE TABLE epochs (
     run_id INTEGER NOT NULL REFERENCES runs(id), epoch INTEGER NOT NULL, train_loss REAL,
     train_accuracy REAL, test_accuracy REAL, duration_ms REAL, samples_per_second REAL,
     PRIMARY KEY (run_id, epoch));
   CREATE INDEX runs_variant ON runs(variant_id);
   INSERT INTO meta (key, value) VALUES ('${markerKey}', '${markerValue}');
   PRAGMA application_id = ${applicationId};`,
  // v2: novelty on variants; run summaries and each variant's best completed accuracy, kept by
  // the store so the tree reads one covering index instead of scanning fat rows and runs; test
  // loss per epoch. Summaries are backfilled from the epochs a v1 file already holds.
  `ALTER TABLE variants ADD COLUMN novelty REAL;
   ALTER TABLE variants ADD COLUMN nearest_id TEXT;
   ALTER TABLE variants ADD COLUMN nearest_similarity REAL;
   ALTER TABLE variants ADD COLUMN best_accuracy REAL;
   ALTER TABLE runs ADD COLUMN test_accuracy REAL;
   ALTER TABLE runs ADD COLUMN duration_ms REAL;
   ALTER TABLE runs ADD COLUMN param_count INTEGER;
   ALTER TABLE runs ADD COLUMN batch_size INTEGER;
   ALTER TABLE runs ADD COLUMN transform TEXT;
   ALTER TABLE epochs ADD COLUMN test_loss REAL;
   UPDATE runs SET
     test_accuracy = (SELECT e.test_accuracy FROM epochs e WHERE e.run_id = runs.id ORDER BY e.epoch DESC LIMIT 1),
     duration_ms = (SELECT SUM(e.duration_ms) FROM epochs e WHERE e.run_id = runs.id);
   DROP INDEX runs_variant;
   CREATE INDEX runs_variant_best ON runs(variant_id, status, test_accuracy);
   UPDATE variants SET best_accuracy = (SELECT MAX(r.test_accuracy) FROM runs r WHERE r.variant_id = variants.id AND r.status = 'completed');
   CREATE INDEX variants_tree ON variants(cycle_id, created_at, id, name, status, best_accuracy, novelty, nearest_id, nearest_similarity, parent_id, file_path);`,
  // v3: each run's batch-level training-loss curve, one row per run. The points are one BLOB of
  // (uint32 step, float32 loss) pairs rather than a row per point: every persist exports the whole
  // file, and 8 bytes a point is a third of what a (run_id, step, loss) row plus its index costs;
  // the panel also reads a run's curve as one value instead of thousands of rows. `received` counts
  // the points ever offered and `stride` says every how many of them one is kept, so a long run is
  // thinned evenly across its whole length (see batchLossCurve.ts).
  `CREATE TABLE batch_losses (
     run_id INTEGER PRIMARY KEY REFERENCES runs(id), points BLOB NOT NULL,
     received INTEGER NOT NULL, stride INTEGER NOT NULL);`,
  // v4: the search's lineage and cost. Why a variant's parent was chosen ('exploit', 'explore',
  // 'seed'), how its code was written ('full', 'diff applied', 'diff repaired', 'diff failed → full'),
  // and the tokens its generation cost. Failures are kept per parent, because a candidate that
  // never became valid code leaves no variant row, yet its checker or trainer message is what the
  // next prompt from that parent should carry. The archive itself needs no table: it is rebuilt
  // from variants and runs on open.
  `ALTER TABLE variants ADD COLUMN parent_reason TEXT;
   ALTER TABLE variants ADD COLUMN edit_outcome TEXT;
   ALTER TABLE variants ADD COLUMN prompt_tokens INTEGER;
   ALTER TABLE variants ADD COLUMN completion_tokens INTEGER;
   CREATE TABLE failures (
     id INTEGER PRIMARY KEY, parent_id TEXT NOT NULL, cycle_id INTEGER, stage TEXT NOT NULL,
     message TEXT NOT NULL, created_at INTEGER NOT NULL);
   CREATE INDEX failures_parent ON failures(parent_id, id);`,
];

/** The version this build writes. */
export const schemaVersion = migrations.length;

/** `PRAGMA user_version` of an open database. */
export function readVersion(db: Database): number {
  return Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
}

/** What an opened SQLite file is, judged by its marker and version. */
export type SchemaState =
  { kind: 'ours'; version: number } | { kind: 'foreign'; detail: string } | { kind: 'newer'; version: number };

/** Classifies a database without changing it. */
export function inspectSchema(db: Database): SchemaState {
  const appId = Number(db.exec('PRAGMA application_id')[0]?.values[0]?.[0] ?? 0);
  const tables =
    db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values.map((r) => String(r[0])) ?? [];
  if (appId !== applicationId || !tables.includes('meta')) {
    return {
      kind: 'foreign',
      detail:
        tables.length === 0
          ? 'it is an empty SQLite database without the NNGPT marker'
          : `it is an SQLite database of another application (tables: ${tables.slice(0, 5).join(', ')})`,
    };
  }
  const marker = db.exec('SELECT value FROM meta WHERE key = ?', [markerKey])[0]?.values[0]?.[0];
  if (marker !== markerValue) return { kind: 'foreign', detail: 'its meta table lacks the NNGPT history marker' };
  const version = readVersion(db);
  return version > schemaVersion ? { kind: 'newer', version } : { kind: 'ours', version };
}

/** Applies migrations `from+1 … to` in one transaction; a failure leaves the database as it was. */
export function migrate(db: Database, from: number, to: number = schemaVersion): void {
  if (from >= to) return;
  db.exec('BEGIN');
  try {
    for (let v = from + 1; v <= to; v++) {
      db.exec(migrations[v - 1]);
      db.exec(`PRAGMA user_version = ${v}`);
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
