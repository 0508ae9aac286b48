import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseIdx } from '../../../src/core/datasets/idx';
import { loadDataset } from '../../../src/core/datasets/load';
import { readMat } from '../../../src/core/datasets/matV5';
import { getDataset } from '../../../src/core/datasets/registry';
import { DatasetError } from '../../../src/core/datasets/types';
import { encodeCifar, encodeIdx, encodeMat } from './formatWriters';

/** Deterministic pseudo-random bytes so failures repeat. */
function bytes(n: number, rngSeed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = rngSeed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe('dataset readers on generated files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nngpt-ds-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads gzipped IDX images and labels (MNIST layout)', () => {
    const info = getDataset('mnist');
    const train = bytes(3 * 28 * 28, 1);
    const test = bytes(2 * 28 * 28, 2);
    writeFileSync(join(dir, info.trainFiles[0]), gzipSync(encodeIdx([3, 28, 28], train)));
    writeFileSync(join(dir, info.trainFiles[1]), gzipSync(encodeIdx([3], Uint8Array.from([7, 0, 9]))));
    writeFileSync(join(dir, info.testFiles[0]), gzipSync(encodeIdx([2, 28, 28], test)));
    writeFileSync(join(dir, info.testFiles[1]), gzipSync(encodeIdx([2], Uint8Array.from([1, 2]))));
    const ds = loadDataset(info, dir);
    assert.equal(ds.train.count, 3);
    assert.deepEqual([...ds.train.labels], [7, 0, 9]);
    assert.deepEqual(ds.train.images, train);
    assert.deepEqual([...ds.test.labels], [1, 2]);
  });

  it('rejects IDX files with a bad magic number, wrong shape or out-of-range labels', () => {
    assert.throws(() => parseIdx(Uint8Array.from([1, 2, 3, 4, 5])), /bad magic/);
    assert.throws(() => parseIdx(encodeIdx([4], Uint8Array.from([1, 2]))), /expected 4 bytes/);
    const info = getDataset('mnist');
    writeFileSync(join(dir, info.trainFiles[0]), gzipSync(encodeIdx([1, 14, 14], bytes(196, 3))));
    writeFileSync(join(dir, info.trainFiles[1]), gzipSync(encodeIdx([1], Uint8Array.from([3]))));
    assert.throws(() => loadDataset(info, dir), /expected images \[N, 28, 28\]/);
    writeFileSync(join(dir, info.trainFiles[0]), gzipSync(encodeIdx([1, 28, 28], bytes(784, 3))));
    writeFileSync(join(dir, info.trainFiles[1]), gzipSync(encodeIdx([1], Uint8Array.from([12]))));
    assert.throws(
      () => loadDataset(info, dir),
      (e: unknown) => e instanceof DatasetError && /label 12/.test(e.message),
    );
  });

  it('reads CIFAR-10 and CIFAR-100 binary records into HWC pixels', () => {
    const pixels = bytes(2 * 1024 * 3, 4);
    const c10 = getDataset('cifar10');
    for (const f of c10.trainFiles) writeFileSync(join(dir, f), encodeCifar(pixels, [[3], [8]]));
    writeFileSync(join(dir, 'test_batch.bin'), encodeCifar(pixels, [[1], [0]]));
    const ds = loadDataset(c10, dir);
    assert.equal(ds.train.count, 10);
    assert.deepEqual([...ds.train.labels.subarray(0, 2)], [3, 8]);
    assert.deepEqual(ds.test.images, pixels);
    const c100 = getDataset('cifar100');
    writeFileSync(
      join(dir, 'train.bin'),
      encodeCifar(pixels, [
        [2, 57],
        [19, 99],
      ]),
    );
    writeFileSync(
      join(dir, 'test.bin'),
      encodeCifar(pixels, [
        [0, 5],
        [1, 6],
      ]),
    );
    const ds100 = loadDataset(c100, dir);
    assert.deepEqual([...ds100.train.labels], [57, 99], 'the fine label is the class');
    writeFileSync(join(dir, 'test.bin'), new Uint8Array(100));
    assert.throws(() => loadDataset(c100, dir), /not a multiple/);
  });

  for (const compress of [false, true]) {
    it(`reads SVHN's MAT v5 layout (${compress ? 'zlib-compressed' : 'plain'} elements)`, () => {
      const n = 3;
      const hwc = bytes(n * 32 * 32 * 3, 5);
      const colMajor = new Uint8Array(hwc.length);
      for (let i = 0; i < n; i++)
        for (let r = 0; r < 32; r++)
          for (let c = 0; c < 32; c++)
            for (let ch = 0; ch < 3; ch++)
              colMajor[r + 32 * c + 1024 * ch + 3072 * i] = hwc[((i * 32 + r) * 32 + c) * 3 + ch];
      const file = encodeMat(
        [
          { name: 'X', dims: [32, 32, 3, n], classId: 9, storage: 'uint8', values: colMajor },
          { name: 'y', dims: [n, 1], classId: 6, storage: 'double', values: [10, 1, 9] },
        ],
        compress,
      );
      const vars = readMat(file);
      assert.deepEqual(vars.get('y')?.dims, [n, 1]);
      const info = getDataset('svhn');
      writeFileSync(join(dir, 'train_32x32.mat'), file);
      writeFileSync(join(dir, 'test_32x32.mat'), file);
      const ds = loadDataset(info, dir);
      assert.deepEqual([...ds.train.labels], [0, 1, 9], 'label 10 is the digit 0');
      assert.deepEqual(ds.train.images, hwc);
    });
  }

  it('refuses files that are not Level 5 MAT-files', () => {
    assert.throws(() => readMat(new Uint8Array(200)), /not a MATLAB MAT-file/);
    const v73 = Buffer.alloc(200, 0x20);
    v73.write('MATLAB 7.3 MAT-file', 0);
    assert.throws(() => readMat(v73), /v7\.3/);
  });
});
