import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryStore } from '../../../src/core/store/historyStore';
import { lockPathFor } from '../../../src/core/store/lockFile';
import { loadSqlJs } from '../../../src/core/store/sqlJsLoader';
import { StoreLockedError, StoreUnusableError } from '../../../src/core/store/storeErrors';
import { sampleCode, storeFileEachTest } from './tempStore';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('store lock', () => {
  const temp = storeFileEachTest();

  it('refuses a second writer in the same process and frees the lock on close', async () => {
    const first = await HistoryStore.open({ path: temp.file });
    await assert.rejects(
      HistoryStore.open({ path: temp.file }),
      (e: unknown) =>
        e instanceof StoreLockedError && e.owner?.pid === process.pid && /in use by process/.test(e.message),
    );
    await first.close();
    assert.equal(fs.existsSync(lockPathFor(temp.file)), false);
    const second = await HistoryStore.open({ path: temp.file });
    await second.close();
  });

  it('refuses a writer in another process (the CLI while the extension holds the store)', async function () {
    this.timeout(30_000);
    const first = await HistoryStore.open({ path: temp.file });
    const script = `
      const { HistoryStore } = require(${JSON.stringify(path.join(__dirname, '../../../src/core/store/historyStore.ts'))});
      HistoryStore.open({ path: ${JSON.stringify(temp.file)} }).then(
        () => console.log('opened'),
        (e) => console.log(e.name + ' ' + (e.owner ? e.owner.pid : '')));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' }).trim();
    assert.equal(out, `StoreLockedError ${process.pid}`);
    await first.close();
  });

  it('takes over a stale lock whose process is gone', async () => {
    fs.writeFileSync(lockPathFor(temp.file), JSON.stringify({ pid: deadPid(), hostname: os.hostname(), startedAt: 1 }));
    const store = await HistoryStore.open({ path: temp.file });
    assert.equal(JSON.parse(fs.readFileSync(lockPathFor(temp.file), 'utf8')).pid, process.pid);
    await store.close();
  });

  it('treats a lock from another host as live', async () => {
    fs.writeFileSync(
      lockPathFor(temp.file),
      JSON.stringify({ pid: deadPid(), hostname: `${os.hostname()}-other`, startedAt: 1 }),
    );
    await assert.rejects(HistoryStore.open({ path: temp.file }), StoreLockedError);
    assert.ok(fs.existsSync(lockPathFor(temp.file)), 'a lock it cannot judge is left in place');
  });
});

describe('corrupt and foreign store files', () => {
  const temp = storeFileEachTest();

  async function expectUnusable(reason: string): Promise<void> {
    const before = fs.readFileSync(temp.file);
    await assert.rejects(
      HistoryStore.open({ path: temp.file }),
      (e: unknown) => e instanceof StoreUnusableError && e.reason === reason && e.message.includes(temp.file),
    );
    assert.deepEqual(fs.readFileSync(temp.file), before, 'the file is left byte-identical');
    assert.equal(fs.existsSync(lockPathFor(temp.file)), false);
  }

  it('reports a file that is not SQLite', async () => {
    fs.writeFileSync(temp.file, Buffer.from('{"this": "is json, not a database"}\n'.repeat(20)));
    await expectUnusable('not-sqlite');
  });

  it('reports a damaged store (truncated pages)', async () => {
    const store = await HistoryStore.open({ path: temp.file });
    for (let i = 0; i < 50; i++) store.addVariant({ code: sampleCode(i).repeat(20), generator: 'g' });
    await store.close();
    const bytes = fs.readFileSync(temp.file);
    const damaged = Buffer.from(bytes);
    damaged.fill(0xa5, 100, bytes.length); // header kept, every page after it garbage
    fs.writeFileSync(temp.file, damaged);
    await expectUnusable('damaged');
  });

  it('reports a store with one damaged page in the middle', async () => {
    const store = await HistoryStore.open({ path: temp.file });
    for (let i = 0; i < 200; i++) store.addVariant({ code: sampleCode(i).repeat(20), generator: 'g' });
    await store.close();
    const damaged = Buffer.from(fs.readFileSync(temp.file));
    const pageSize = damaged.readUInt16BE(16);
    const middle = Math.floor(damaged.length / pageSize / 2) * pageSize;
    damaged.fill(0xff, middle, middle + pageSize);
    fs.writeFileSync(temp.file, damaged);
    await expectUnusable('damaged');
  });

  it('reports an SQLite database of another application', async () => {
    const sql = await loadSqlJs();
    const db = new sql.Database();
    db.run('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    fs.writeFileSync(temp.file, db.export());
    db.close();
    await expectUnusable('foreign-sqlite');
  });

  it('starts a new store beside an unusable file when asked', async () => {
    fs.writeFileSync(temp.file, 'garbage'.repeat(100));
    const before = fs.readFileSync(temp.file);
    const store = await HistoryStore.open({
      path: temp.file,
      onUnusable: 'startBeside',
      now: () => Date.UTC(2026, 10, 25, 10, 53, 0),
    });
    assert.equal(store.path, path.join(temp.dir, 'history-20261125T105300Z.sqlite'));
    assert.deepEqual(store.setAside, { path: temp.file, reason: 'not-sqlite' });
    store.addVariant({ code: sampleCode(1), generator: 'g' });
    await store.close();
    assert.deepEqual(fs.readFileSync(temp.file), before);
    const reopened = await HistoryStore.open({ path: store.path, readOnly: true });
    assert.equal(reopened.listVariants().length, 1);
    await reopened.close();
  });
});
