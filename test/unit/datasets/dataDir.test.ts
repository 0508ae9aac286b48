import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureDataset } from '../../../src/core/datasets/fetch';
import { loadDataset } from '../../../src/core/datasets/load';
import { getDataset } from '../../../src/core/datasets/registry';
import type { DatasetInfo } from '../../../src/core/datasets/types';
import { encodeCifar, encodeTar } from './formatWriters';

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

/** A CIFAR-style dataset of one record per file, its real archive layout, and the registry entry for it. */
function tinyCifar(id: 'cifar10' | 'cifar100') {
  const base = getDataset(id);
  const record = (label: number) =>
    encodeCifar(new Uint8Array(32 * 32 * 3).fill(label * 20), id === 'cifar10' ? [[label]] : [[0, label]]);
  const folder = base.remote[0].extractedDir!;
  const files: [string, Uint8Array][] = [...base.trainFiles, ...base.testFiles].map((f, i) => [f, record(i)]);
  const archive = gzipSync(
    encodeTar([
      [`${folder}/readme.html`, Buffer.from('hi')],
      ...files.map(([f, b]): [string, Uint8Array] => [`${folder}/${f}`, b]),
    ]),
  );
  const info: DatasetInfo = { ...base, remote: [{ ...base.remote[0], md5: md5(archive) }] };
  return { info, files, archive, folder, archiveName: base.remote[0].name };
}

const listing = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

describe('a data folder for an archive dataset (CIFAR)', () => {
  let work: string;
  let cacheDir: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'nngpt-datadir-'));
    cacheDir = join(work, 'cache');
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('takes a folder holding exactly the published archive, unpacking it into the cache and leaving the folder as it was', async () => {
    const { info, archive, archiveName } = tinyCifar('cifar10');
    const user = join(work, 'downloads');
    mkdirSync(user);
    writeFileSync(join(user, archiveName), archive);
    const dir = await ensureDataset(info, { cacheDir, dataDir: user });
    assert.equal(dir, join(cacheDir, 'cifar10'));
    assert.deepEqual([...loadDataset(info, dir).train.labels], [0, 1, 2, 3, 4]);
    assert.deepEqual(listing(user), [archiveName], 'nothing written into, nothing taken from, the user folder');
    assert.equal(
      await ensureDataset(info, { cacheDir, dataDir: join(user, archiveName) }),
      dir,
      'the archive itself, once unpacked, is served from the cache',
    );
  });

  it('takes the archive file itself', async () => {
    const { info, archive, archiveName } = tinyCifar('cifar10');
    writeFileSync(join(work, archiveName), archive);
    const dir = await ensureDataset(info, { cacheDir, dataDir: join(work, archiveName) });
    assert.equal(loadDataset(info, dir).test.images[0], 100);
  });

  it('takes the extracted folder and its parent', async () => {
    const { info, files, folder } = tinyCifar('cifar10');
    const extracted = join(work, 'datasets', folder);
    mkdirSync(extracted, { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(extracted, name), bytes);
    assert.equal(await ensureDataset(info, { cacheDir, dataDir: extracted }), extracted);
    assert.equal(await ensureDataset(info, { cacheDir, dataDir: join(work, 'datasets') }), extracted);
  });

  it('does the same for CIFAR-100 (its own archive and folder names)', async () => {
    const { info, archive, archiveName, files, folder } = tinyCifar('cifar100');
    writeFileSync(join(work, archiveName), archive);
    const dir = await ensureDataset(info, { cacheDir, dataDir: work });
    assert.deepEqual([...loadDataset(info, dir).train.labels], [0]);
    mkdirSync(join(work, 'x', folder), { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(work, 'x', folder, name), bytes);
    assert.equal(
      await ensureDataset(info, { cacheDir: join(work, 'other'), dataDir: join(work, 'x') }),
      join(work, 'x', folder),
    );
  });

  it('refuses an archive that is not the published file, and says what it looked for where when nothing fits', async () => {
    const { info, archive, archiveName } = tinyCifar('cifar10');
    writeFileSync(join(work, archiveName), archive.subarray(0, archive.length - 10));
    await assert.rejects(
      ensureDataset(info, { cacheDir, dataDir: work }),
      /is not the published cifar-10-binary\.tar\.gz: md5 [0-9a-f]{32}, published [0-9a-f]{32} \(an incomplete download\?\)/,
    );
    const empty = join(work, 'empty');
    mkdirSync(empty);
    await assert.rejects(ensureDataset(info, { cacheDir, dataDir: empty }), (e: Error) => {
      assert.match(
        e.message,
        /^data folder .*empty lacks CIFAR-10 files: looked for data_batch_1\.bin, .*, test_batch\.bin in .*empty\/cifar10, .*empty, .*empty\/cifar-10-batches-bin/,
      );
      assert.match(
        e.message,
        /and for cifar-10-binary\.tar\.gz there\. Point it at cifar-10-binary\.tar\.gz, a folder holding it, its extracted folder \(cifar-10-batches-bin\/\) or that folder's parent\.$/,
      );
      return true;
    });
  });

  it('points an offline download at the same choices', async () => {
    const { info } = tinyCifar('cifar10');
    const failing = (async () => {
      throw new Error('getaddrinfo ENOTFOUND');
    }) as typeof fetch;
    await assert.rejects(
      ensureDataset(info, { cacheDir, fetchImpl: failing, useSystemDirs: false }),
      /Offline\? Point the data folder setting \(--data-dir\) at cifar-10-binary\.tar\.gz, a folder holding it, its extracted folder/,
    );
  });
});
