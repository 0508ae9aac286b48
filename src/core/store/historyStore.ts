/**
 * The history store: every cycle, variant, run, epoch and batch-loss curve in one SQLite file
 * (sql.js, in memory), persisted atomically and in batches. One writer per file (lock file);
 * readers may open read-only. All SQL lives in this folder; callers use the typed methods below.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database } from 'sql.js';
import { codeId } from '../novelty/codeId';
import { removeStaleTemps } from './atomicWrite';
import { BatchedPersister } from './batchedPersister';
import * as archive from './archiveQueries';
import * as batchLoss from './batchLossQueries';
import * as cycles from './cycleQueries';
import * as lineage from './lineageQueries';
import type { HeldLock } from './lockFile';
import { acquireLock } from './lockFile';
import { Emitter } from './emitter';
import * as runs from './runQueries';
import { migrate, schemaVersion } from './schema';
import { one, write } from './sqlRows';
import { loadSqlJs } from './sqlJsLoader';
import { StoreClosedError, StoreInputError, StoreReadOnlyError, StoreUnusableError } from './storeErrors';
import type { UnusableReason } from './storeErrors';
import { besidePath, openOurs, readIfExists } from './storeFile';
import type * as t from './storeTypes';
import * as variants from './variantQueries';

/** How to open a store. */
export interface OpenStoreOptions {
  /** The SQLite file, e.g. `<workspace>/.nngpt/history.sqlite`; created (with its folder) when missing. */
  readonly path: string;
  /** Open without the lock; every write throws {@link StoreReadOnlyError}. */
  readonly readOnly?: boolean;
  /** Writes within this window share one file write (default 100 ms). */
  readonly flushDelayMs?: number;
  /** On a foreign or damaged file: throw (default) or leave it untouched and start a new store beside it. */
  readonly onUnusable?: 'throw' | 'startBeside';
  /** The clock for created/started times (tests pass a fake). */
  readonly now?: () => number;
  /** Folders searched for `sql-wasm.wasm` before node_modules (a bundle passes its own folder). */
  readonly wasmDirs?: readonly string[];
}

/** The default store location inside a workspace folder. */
export function defaultStorePath(workspaceFolder: string): string {
  return path.join(workspaceFolder, '.nngpt', 'history.sqlite');
}

/** See the file comment. Create with {@link HistoryStore.open}. */
export class HistoryStore {
  private readonly changes = new Emitter<t.StoreChange>();
  /** Fires after every change (synchronously, before the change is on disk). */
  readonly onDidChange = this.changes.event;
  private readonly persister: BatchedPersister | undefined;
  /** Fires when a batched background write fails; the data stays dirty and the next flush retries. */
  readonly onDidFailPersist: BatchedPersister['onDidFail'];
  /** Fires after each completed atomic write of the file (one per batch of changes). */
  readonly onDidPersist: BatchedPersister['onDidPersist'];
  private closed = false;

  private constructor(
    private readonly db: Database,
    /** The file this store reads and writes (differs from the requested path after `startBeside`). */
    readonly path: string,
    readonly readOnly: boolean,
    private readonly lock: HeldLock | undefined,
    flushDelayMs: number,
    private readonly now: () => number,
    /** Set when the requested file was unusable and this store was started beside it. */
    readonly setAside?: { readonly path: string; readonly reason: UnusableReason },
  ) {
    // The in-memory copy is never the durable one (persist writes a whole snapshot), so its
    // rollback journal can live in memory: several times faster writes, rollback still works.
    db.exec('PRAGMA journal_mode = MEMORY; PRAGMA temp_store = MEMORY');
    this.persister = readOnly ? undefined : new BatchedPersister(path, () => db.export(), flushDelayMs);
    const inert = new Emitter<never>().event;
    this.onDidFailPersist = this.persister?.onDidFail ?? inert;
    this.onDidPersist = this.persister?.onDidPersist ?? inert;
  }

  /** Opens (creating or migrating as needed) the store at `options.path`. */
  static async open(options: OpenStoreOptions): Promise<HistoryStore> {
    const file = path.resolve(options.path);
    if (options.readOnly) return HistoryStore.openReadOnly(file, options);
    try {
      return await HistoryStore.openWritable(file, options);
    } catch (error) {
      if (!(error instanceof StoreUnusableError) || options.onUnusable !== 'startBeside') throw error;
      const fresh = besidePath(file, (options.now ?? Date.now)());
      return HistoryStore.openWritable(fresh, options, { path: file, reason: error.reason });
    }
  }

  private static async openReadOnly(file: string, options: OpenStoreOptions): Promise<HistoryStore> {
    const sql = await loadSqlJs(options.wasmDirs);
    const bytes = readIfExists(file);
    if (!bytes) throw new StoreInputError(`The history store ${file} does not exist.`, file);
    const { db, version } = openOurs(sql, file, bytes);
    migrate(db, version); // in memory only: read-only callers see the current shape
    return new HistoryStore(db, file, true, undefined, options.flushDelayMs ?? 100, options.now ?? Date.now);
  }

  private static async openWritable(
    file: string,
    options: OpenStoreOptions,
    setAside?: HistoryStore['setAside'],
  ): Promise<HistoryStore> {
    const sql = await loadSqlJs(options.wasmDirs);
    const now = options.now ?? Date.now;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lock = acquireLock(file, now);
    try {
      await removeStaleTemps(file);
      const bytes = readIfExists(file);
      const { db, version } =
        bytes && bytes.length > 0 ? openOurs(sql, file, bytes) : { db: new sql.Database(), version: 0 };
      if (version > 0 && version < schemaVersion) fs.copyFileSync(file, `${file}.v${version}.bak`);
      migrate(db, version);
      const store = new HistoryStore(db, file, false, lock, options.flushDelayMs ?? 100, now, setAside);
      if (version < schemaVersion) {
        store.persister?.markDirty();
        await store.flush();
      }
      return store;
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  // ---- cycles ----

  /** Starts a cycle; returns its id. */
  startCycle(config: Record<string, unknown> | null = null): number {
    const id = cycles.insertCycle(this.writable(), this.now(), config);
    return this.changed({ kind: 'cycle', id }, id);
  }

  /** Marks a cycle finished. */
  endCycle(id: number, status: t.CycleStatus = 'completed'): void {
    this.require(cycles.endCycle(this.writable(), id, status, this.now()), `cycle ${id}`);
    this.changed({ kind: 'cycle', id }, undefined);
  }

  /** The cycle with this id, if stored. */
  getCycle(id: number): t.CycleRecord | undefined {
    return cycles.getCycle(this.readable(), id);
  }

  /** All cycles, oldest first. */
  listCycles(): t.CycleRecord[] {
    return cycles.listCycles(this.readable());
  }

  // ---- variants ----

  /** Adds a variant keyed by {@link codeId}; an exact duplicate is not added and names the variant it duplicates. */
  addVariant(variant: t.NewVariant): t.AddVariantResult {
    const { id, existing } = variants.insertVariant(this.writable(), variant, this.now());
    if (existing) return { inserted: false, id, duplicateOf: existing };
    return this.changed({ kind: 'variant', id }, { inserted: true, id });
  }

  /** The stored variant whose code equals `code` up to whitespace, if any. */
  findDuplicate(code: string): t.VariantRecord | undefined {
    return variants.getVariant(this.readable(), codeId(code));
  }

  /** The variant with this id (its code id), if stored. */
  getVariant(id: string): t.VariantRecord | undefined {
    return variants.getVariant(this.readable(), id);
  }

  /** Moves a variant along the loop (e.g. `trained` → `admitted`). */
  setVariantStatus(id: string, status: t.VariantStatus): void {
    this.require(variants.setVariantStatus(this.writable(), id, status), `variant ${id}`);
    this.changed({ kind: 'variant', id }, undefined);
  }

  /** Records a variant's novelty (and the signature it was computed from, so a reload need not recompute). */
  setVariantNovelty(id: string, novelty: t.NoveltyInfo, signature?: Uint32Array): void {
    this.require(variants.setVariantNovelty(this.writable(), id, novelty, signature), `variant ${id}`);
    this.changed({ kind: 'variant', id }, undefined);
  }

  /** Stores a variant's MinHash signature (after the signature scheme changed). */
  setVariantSignature(id: string, signature: Uint32Array): void {
    this.require(variants.setVariantSignature(this.writable(), id, signature), `variant ${id}`);
    this.changed({ kind: 'variant', id }, undefined);
  }

  /** Deletes a variant with its runs, epochs and batch-loss curves; returns false when it did not exist. */
  deleteVariant(id: string): boolean {
    const db = this.writable();
    const deleted = this.transaction(() => variants.deleteVariant(db, id));
    return deleted ? this.changed({ kind: 'delete', id }, true) : false;
  }

  /** Variants (full records) with their best completed accuracy, oldest first. */
  listVariants(filter?: variants.VariantFilter): { variant: t.VariantRecord; bestAccuracy: number | null }[] {
    return variants.listVariants(this.readable(), filter);
  }

  /** Stored MinHash signatures, for loading a novelty index without recomputing from code. */
  listSignatures(filter?: variants.VariantFilter): { id: string; signature: Uint32Array }[] {
    return variants.listSignatures(this.readable(), filter);
  }

  // ---- runs and epochs ----

  /** Starts a run of a stored variant; returns the run id. */
  startRun(run: t.NewRun): number {
    const db = this.writable();
    this.require(variants.variantExists(db, run.variantId), `variant ${run.variantId}`);
    const id = runs.insertRun(db, { ...run, startedAt: run.startedAt === undefined ? this.now() : run.startedAt });
    return this.changed({ kind: 'run', id }, id);
  }

  /** Records a run's progress or end (status, accuracy, duration, failure reason …). */
  updateRun(id: number, update: t.RunUpdate): void {
    this.require(runs.updateRun(this.writable(), id, update), `run ${id}`);
    this.changed({ kind: 'run', id }, undefined);
  }

  /** The run with this id, if stored. */
  getRun(id: number): t.RunRecord | undefined {
    return runs.getRun(this.readable(), id);
  }

  /** Runs for the results table, newest first, with variant name and cycle. */
  listRuns(filter?: runs.RunFilter): t.RunListRow[] {
    return runs.listRuns(this.readable(), filter);
  }

  /** Records (or replaces) one epoch's metrics. */
  addEpoch(runId: number, epoch: t.EpochRecord): void {
    const db = this.writable();
    this.require(runs.runExists(db, runId), `run ${runId}`);
    runs.upsertEpoch(db, runId, epoch);
    this.changed({ kind: 'epoch', id: runId }, undefined);
  }

  /** The epochs of a run in order (the learning curve). */
  epochs(runId: number): t.EpochRecord[] {
    return runs.listEpochs(this.readable(), runId);
  }

  /**
   * Appends points to a run's batch-level training-loss curve (points with a non-finite loss are
   * dropped; past 2,000 points the curve is thinned evenly). Callers pass a batch of points, e.g.
   * an epoch's, not one point per call: each call rewrites the run's curve.
   */
  addBatchLoss(runId: number, points: readonly t.BatchLossPoint[]): void {
    const db = this.writable();
    this.require(runs.runExists(db, runId), `run ${runId}`);
    if (points.length === 0) return;
    batchLoss.appendBatchLoss(db, runId, points);
    this.changed({ kind: 'batch-loss', id: runId }, undefined);
  }

  /** The batch-loss curves of these runs, by run id, in step order; runs without one are absent. */
  batchLoss(runIds: readonly number[]): Map<number, t.BatchLossPoint[]> {
    return batchLoss.listBatchLoss(this.readable(), runIds);
  }

  /** Cycles with their variants (status, best accuracy, novelty, nearest neighbour), in one query. */
  historyTree(): t.TreeCycleNode[] {
    return cycles.historyTree(this.readable());
  }

  // ---- the search: evaluated variants and failures ----

  /** Variants with a measured first epoch on `dataset` (best such accuracy each): what the archive is rebuilt from. */
  listEvaluated(dataset: string): t.EvaluatedVariant[] {
    return archive.listEvaluated(this.readable(), dataset);
  }

  /** Every variant with its parent, parent reason, tokens and accuracies, oldest first: the lineage graph. */
  listLineage(): t.LineageRecord[] {
    return lineage.listLineage(this.readable());
  }

  /** Records why a candidate made from a parent failed (its checker's or trainer's message). */
  addFailure(failure: t.NewFailure): number {
    const id = archive.insertFailure(this.writable(), failure, this.now());
    return this.changed({ kind: 'failure', id }, id);
  }

  /** The latest failures of candidates made from `parentId`, newest first. */
  listFailures(parentId: string, limit = 3): t.FailureRecord[] {
    return archive.listFailures(this.readable(), parentId, limit);
  }

  // ---- meta ----

  /** A value of the store's key/value table (e.g. which signature scheme the stored signatures use). */
  getMeta(key: string): string | undefined {
    const row = one(this.readable(), 'SELECT value FROM meta WHERE key = ?', [key]);
    return row ? String(row.value) : undefined;
  }

  /** Sets a value of the store's key/value table. */
  setMeta(key: string, value: string): void {
    write(this.writable(), 'INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [key, value]);
    this.changed({ kind: 'meta', id: key }, undefined);
  }

  /** Runs `body` in one SQL transaction; it rolls back if `body` throws. Changes still fire per call. */
  transaction<T>(body: () => T): T {
    const db = this.writable();
    db.exec('SAVEPOINT tx');
    try {
      const result = body();
      db.exec('RELEASE tx');
      return result;
    } catch (error) {
      db.exec('ROLLBACK TO tx; RELEASE tx');
      throw error;
    }
  }

  // ---- persistence ----

  /** Persists pending writes now; resolves once every write made before the call is on disk. */
  flush(): Promise<void> {
    return this.persister?.flush() ?? Promise.resolve();
  }

  /** Persists pending writes, releases the lock and frees memory. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      this.db.close();
      this.lock?.release();
    }
  }

  private readable(): Database {
    if (this.closed) throw new StoreClosedError(this.path);
    return this.db;
  }

  private writable(): Database {
    if (this.readOnly) throw new StoreReadOnlyError(this.path);
    return this.readable();
  }

  private require(found: boolean, what: string): void {
    if (!found) throw new StoreInputError(`No ${what} in the history store ${this.path}.`, this.path);
  }

  private changed<T>(change: t.StoreChange, result: T): T {
    this.persister?.markDirty();
    this.changes.fire(change);
    return result;
  }
}
