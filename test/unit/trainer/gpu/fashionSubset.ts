/**
 * A folder holding the first images of each Fashion-MNIST split, as gzipped IDX files the dataset
 * loader reads like the full set: real images and labels, few enough for SwiftShader, which
 * renders on the CPU and would take half an hour to evaluate the whole 10,000-image test split.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Where `npm run setup` installs Debian's dataset-fashion-mnist. */
export const fashionMnistDir = '/usr/share/datasets/fashion-mnist';

/** IDX magic, then one big-endian uint32 per dimension, then the bytes: keeps the first `count` items. */
function firstItems(file: string, count: number): Buffer {
  const raw = gunzipSync(readFileSync(file));
  const dims = raw[3];
  const header = Buffer.from(raw.subarray(0, 4 + 4 * dims));
  const perItem = Array.from({ length: dims - 1 }, (_, i) => header.readUInt32BE(8 + 4 * i)).reduce((a, b) => a * b, 1);
  const kept = Math.min(count, header.readUInt32BE(4));
  header.writeUInt32BE(kept, 4);
  return Buffer.concat([header, raw.subarray(header.length, header.length + kept * perItem)]);
}

/** Writes the subset into `dir` (created) and returns it. */
export function writeFashionSubset(dir: string, trainCount: number, testCount: number): string {
  mkdirSync(dir, { recursive: true });
  for (const [prefix, count] of [
    ['train', trainCount],
    ['t10k', testCount],
  ] as const) {
    for (const kind of ['images-idx3-ubyte', 'labels-idx1-ubyte']) {
      const name = `${prefix}-${kind}.gz`;
      writeFileSync(join(dir, name), gzipSync(firstItems(join(fashionMnistDir, name), count)));
    }
  }
  return dir;
}
