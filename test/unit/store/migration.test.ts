import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HistoryStore } from '../../../src/core/store/historyStore';
import { migrate, readVersion, schemaVersion } from '../../../src/core/store/schema';
import { loadSqlJs } from '../../../src/core/store/sqlJsLoader';
import { StoreUnusableError } from '../../../src/core/store/storeErrors';
import { tempDir } from './tempStore';

describe('store schema migrations', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  /** Writes a file exactly as the first release would have: schema v1 and v1 rows. */
  async function writeV1File(file: string): Promise<void> {
    const sql = await loadSqlJs();
    const db = new sql.Database();
    migrate(db, 0, 1);
    db.run("INSERT INTO cycles (id, started_at, status) VALUES (1, 100, 'completed')");
    db.run(
      "INSERT INTO variants (id, cycle_id, name, code, generator, status, created_at) VALUES ('v1id', 1, 'old', 'class Net {}', 'llm', 'trained', 200)",
    );
    db.run(
      "INSERT INTO runs (id, variant_id, dataset, status, started_at) VALUES (7, 'v1id', 'cifar10', 'completed', 300)",
    );
    db.run(
      'INSERT INTO epochs (run_id, epoch, train_loss, train_accuracy, test_accuracy, duration_ms) VALUES (7, 1, 2.0, 0.3, 0.35, 1000), (7, 2, 1.5, 0.4, 0.42, 1100)',
    );
    assert.equal(readVersion(db), 1);
    fs.writeFileSync(file, db.export());
    db.close();
  }

  it('migrates a v1 file forward, backfilling run summaries and keeping a backup', async () => {
    const file = path.join(dir, 'history.sqlite');
    await writeV1File(file);
    const original = fs.readFileSync(file);
    const store = await HistoryStore.open({ path: file });
    const run = store.getRun(7);
    assert.equal(run?.testAccuracy, 0.42, 'the last epoch accuracy becomes the run summary');
    assert.equal(run?.durationMs, 2100);
    assert.equal(store.epochs(7)[1].testLoss, null);
    const tree = store.historyTree();
    assert.equal(tree[0].variants[0].shortName, 'old');
    assert.equal(tree[0].variants[0].bestAccuracy, 0.42);
    assert.equal(tree[0].variants[0].novelty, null);
    store.setVariantNovelty('v1id', { score: 0.3, nearestId: null, nearestSimilarity: 0.7 });
    await store.close();

    assert.deepEqual(fs.readFileSync(`${file}.v1.bak`), original);
    const sql = await loadSqlJs();
    const db = new sql.Database(fs.readFileSync(file));
    assert.equal(readVersion(db), schemaVersion);
    db.close();
    const reopened = await HistoryStore.open({ path: file, readOnly: true });
    assert.equal(reopened.getVariant('v1id')?.novelty?.score, 0.3);
    await reopened.close();
  });

  it('migrates a v2 file to batch-loss curves with its rows intact', async () => {
    const file = path.join(dir, 'history.sqlite');
    const sql = await loadSqlJs();
    const db = new sql.Database();
    migrate(db, 0, 2);
    db.run(
      "INSERT INTO variants (id, name, code, generator, status, created_at, best_accuracy) VALUES ('v2id', 'two', 'class Net {}', 'mutation', 'trained', 200, 0.8)",
    );
    db.run(
      "INSERT INTO runs (id, variant_id, dataset, status, started_at, test_accuracy, duration_ms) VALUES (3, 'v2id', 'fashion-mnist', 'completed', 300, 0.8, 4000)",
    );
    db.run(
      'INSERT INTO epochs (run_id, epoch, train_loss, train_accuracy, test_loss, test_accuracy, duration_ms) VALUES (3, 1, 0.6, 0.78, 0.55, 0.8, 4000)',
    );
    fs.writeFileSync(file, db.export());
    db.close();
    const original = fs.readFileSync(file);

    const store = await HistoryStore.open({ path: file });
    assert.deepEqual(fs.readFileSync(`${file}.v2.bak`), original);
    assert.equal(store.getRun(3)?.testAccuracy, 0.8);
    assert.deepEqual(
      store.epochs(3).map((e) => [e.epoch, e.trainLoss, e.testLoss]),
      [[1, 0.6, 0.55]],
    );
    assert.equal(store.historyTree()[0].variants[0].bestAccuracy, 0.8);
    assert.deepEqual(store.batchLoss([3]), new Map(), 'a migrated run has no curve');
    store.addBatchLoss(3, [
      [1, 2.5],
      [21, 1.25],
    ]);
    await store.close();

    const reopened = await HistoryStore.open({ path: file, readOnly: true });
    assert.deepEqual(reopened.batchLoss([3]).get(3), [
      [1, 2.5],
      [21, 1.25],
    ]);
    await reopened.close();
  });

  it('opens a v1 file read-only without changing it', async () => {
    const file = path.join(dir, 'history.sqlite');
    await writeV1File(file);
    const original = fs.readFileSync(file);
    const store = await HistoryStore.open({ path: file, readOnly: true });
    assert.equal(store.getRun(7)?.testAccuracy, 0.42);
    await store.close();
    assert.deepEqual(fs.readFileSync(file), original);
  });

  it('refuses a file from a newer version and leaves it untouched', async () => {
    const file = path.join(dir, 'history.sqlite');
    const sql = await loadSqlJs();
    const db = new sql.Database();
    migrate(db, 0);
    db.run(`PRAGMA user_version = ${schemaVersion + 5}`);
    fs.writeFileSync(file, db.export());
    db.close();
    const original = fs.readFileSync(file);
    await assert.rejects(
      HistoryStore.open({ path: file }),
      (e: unknown) => e instanceof StoreUnusableError && e.reason === 'newer-schema',
    );
    assert.deepEqual(fs.readFileSync(file), original);
    assert.equal(fs.existsSync(`${file}.lock`), false);
  });
});
