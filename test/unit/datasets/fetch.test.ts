import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureDataset } from '../../../src/core/datasets/fetch';
import { getDataset } from '../../../src/core/datasets/registry';
import type { DatasetInfo } from '../../../src/core/datasets/types';
import { loadDataset } from '../../../src/core/datasets/load';
import { encodeCifar, encodeIdx, encodeTar } from './formatWriters';

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

/** A tiny IDX dataset served by a fake fetch, with the real registry's layout. */
function fakeDataset(): {
  info: DatasetInfo;
  files: Map<string, Uint8Array>;
  fetchImpl: typeof fetch;
  calls: string[];
} {
  const base = getDataset('mnist');
  const files = new Map<string, Uint8Array>([
    ['train-images-idx3-ubyte.gz', gzipSync(encodeIdx([1, 28, 28], new Uint8Array(784)))],
    ['train-labels-idx1-ubyte.gz', gzipSync(encodeIdx([1], Uint8Array.from([4])))],
    ['t10k-images-idx3-ubyte.gz', gzipSync(encodeIdx([1, 28, 28], new Uint8Array(784)))],
    ['t10k-labels-idx1-ubyte.gz', gzipSync(encodeIdx([1], Uint8Array.from([2])))],
  ]);
  const info: DatasetInfo = {
    ...base,
    id: 'tiny',
    remote: [...files].map(([name, b]) => ({ url: `https://example.test/${name}`, name, md5: md5(b) })),
  };
  const calls: string[] = [];
  const fetchImpl = (async (url: string) => {
    calls.push(url);
    const body = files.get(url.split('/').pop() ?? '');
    return body
      ? new Response(body, { headers: { 'content-length': String(body.length) } })
      : new Response('nope', { status: 404 });
  }) as typeof fetch;
  return { info, files, fetchImpl, calls };
}

describe('ensureDataset', () => {
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'nngpt-cache-'));
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('downloads with progress, verifies the MD5, pins a SHA-256 and then serves from the cache', async () => {
    const { info, fetchImpl, calls } = fakeDataset();
    const progress: number[] = [];
    const dir = await ensureDataset(info, { cacheDir, fetchImpl, onProgress: (p) => progress.push(p.receivedBytes) });
    assert.equal(dir, join(cacheDir, 'tiny'));
    assert.equal(calls.length, 4);
    assert.ok(progress.length >= 4);
    const pins = JSON.parse(readFileSync(join(dir, 'checksums.json'), 'utf8')) as Record<string, string>;
    assert.equal(Object.keys(pins).length, 4);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('.part-') || f.includes('.tmp-')),
      [],
      'no temp files left',
    );
    await ensureDataset(info, { cacheDir, fetchImpl });
    assert.equal(calls.length, 4, 'second call hits the cache');
  });

  it('shares one download between concurrent callers (parallel trainers), and a cancel stops only the caller that cancelled', async () => {
    const { info, fetchImpl: serve, calls } = fakeDataset();
    const signals: (AbortSignal | undefined)[] = [];
    // Each response arrives a few milliseconds late, so the callers overlap.
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      signals.push(init?.signal ?? undefined);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return serve(url, init);
    }) as typeof fetch;
    const leaving = new AbortController();
    const progress: string[] = [];
    const runs = [
      ensureDataset(info, {
        cacheDir,
        fetchImpl,
        useSystemDirs: false,
        onProgress: (p) => progress.push(`a ${p.file}`),
      }),
      ensureDataset(info, {
        cacheDir,
        fetchImpl,
        useSystemDirs: false,
        onProgress: (p) => progress.push(`b ${p.file}`),
      }),
      ensureDataset(info, { cacheDir, fetchImpl, useSystemDirs: false, signal: leaving.signal }),
    ];
    leaving.abort();
    const [a, b, c] = await Promise.allSettled(runs);
    assert.deepEqual([a.status, b.status, c.status], ['fulfilled', 'fulfilled', 'rejected']);
    assert.equal((a as PromiseFulfilledResult<string>).value, join(cacheDir, 'tiny'));
    assert.match(String((c as PromiseRejectedResult).reason), /cancelled/);
    assert.equal(calls.length, 4, 'each file fetched once');
    assert.ok(
      signals.every((s) => s && !s.aborted),
      'the cancel of one caller did not stop the download',
    );
    assert.ok(progress.some((p) => p.startsWith('a ')) && progress.some((p) => p.startsWith('b ')));
    assert.deepEqual(
      readdirSync(join(cacheDir, 'tiny')).filter((f) => f.includes('.part-')),
      [],
    );
    const loaded = loadDataset(info, join(cacheDir, 'tiny'));
    assert.equal(loaded.train.count, 1);
  });

  it('stops a shared download once every caller has cancelled', async () => {
    const { info, fetchImpl: serve } = fakeDataset();
    const signals: AbortSignal[] = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      signals.push(init!.signal!);
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (init?.signal?.aborted) throw new Error('This operation was aborted');
      return serve(url, init);
    }) as typeof fetch;
    const one = new AbortController();
    const two = new AbortController();
    const runs = [one, two].map((c) =>
      ensureDataset(info, { cacheDir, fetchImpl, useSystemDirs: false, signal: c.signal }),
    );
    one.abort();
    two.abort();
    const settled = await Promise.allSettled(runs);
    assert.deepEqual(
      settled.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.ok(signals.length >= 1 && signals.every((s) => s.aborted), 'the download itself was aborted');
  });

  it('refuses a download whose checksum does not match and leaves no file behind', async () => {
    const { info, fetchImpl } = fakeDataset();
    info.remote[0] = { ...info.remote[0], md5: '0'.repeat(32) };
    await assert.rejects(ensureDataset(info, { cacheDir, fetchImpl }), /checksum mismatch/);
    assert.equal(existsSync(join(cacheDir, 'tiny', info.remote[0].name)), false);
  });

  it('uses a data folder when given and names the missing files otherwise', async () => {
    const { info, fetchImpl, calls } = fakeDataset();
    await assert.rejects(
      ensureDataset(info, { cacheDir, dataDir: cacheDir, fetchImpl }),
      /lacks .* train-images-idx3-ubyte\.gz/,
    );
    assert.equal(calls.length, 0);
    const fm = getDataset('fashion-mnist');
    assert.equal(
      await ensureDataset(fm, { cacheDir, dataDir: '/usr/share/datasets/fashion-mnist' }),
      '/usr/share/datasets/fashion-mnist',
    );
    assert.equal(
      await ensureDataset(fm, { cacheDir }),
      '/usr/share/datasets/fashion-mnist',
      "Debian's package is a known source",
    );
  });

  it('extracts the CIFAR binaries from the downloaded .tar.gz and removes the archive', async () => {
    const base = getDataset('cifar10');
    const record = (label: number) => encodeCifar(new Uint8Array(32 * 32 * 3).fill(label * 20), [[label]]);
    const members: [string, Uint8Array][] = [...base.trainFiles, ...base.testFiles].map((f, i) => [
      `cifar-10-batches-bin/${f}`,
      record(i),
    ]);
    const archive = gzipSync(encodeTar([['cifar-10-batches-bin/readme.html', Buffer.from('hi')], ...members]));
    const info: DatasetInfo = {
      ...base,
      id: 'tiny-cifar',
      remote: [{ ...base.remote[0], url: 'https://example.test/c.tar.gz', md5: md5(archive) }],
    };
    const fetchImpl = (async () => new Response(archive)) as typeof fetch;
    const dir = await ensureDataset(info, { cacheDir, fetchImpl });
    assert.deepEqual(readdirSync(dir).sort(), [...base.trainFiles, ...base.testFiles, 'checksums.json'].sort());
    const ds = loadDataset(info, dir);
    assert.deepEqual([...ds.train.labels], [0, 1, 2, 3, 4]);
    assert.equal(ds.test.images[0], 100);
  });

  it('reports an unreachable server as a dataset error that mentions the offline setting', async () => {
    const { info } = fakeDataset();
    const failing = (async () => {
      throw new Error('getaddrinfo ENOTFOUND');
    }) as typeof fetch;
    await assert.rejects(ensureDataset(info, { cacheDir, fetchImpl: failing }), /Offline\?/);
  });
});
