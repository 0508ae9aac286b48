/**
 * Reader for the CIFAR-10 / CIFAR-100 "binary version" records: label byte(s), then a 32×32 image
 * as 1024 red, 1024 green, 1024 blue bytes (planar). Pixels come out interleaved (HWC) for TF.js.
 */
import type { ImageSplit } from './types';
import { DatasetError } from './types';

const side = 32;
const plane = side * side;

/** Parses CIFAR binary records. `labelBytes` is 1 (CIFAR-10) or 2 (CIFAR-100: coarse, fine); the last label byte is used. */
export function parseCifarRecords(
  buffers: Uint8Array[],
  labelBytes: 1 | 2,
  numClasses: number,
  what = 'CIFAR file',
): ImageSplit {
  const recordBytes = labelBytes + 3 * plane;
  let count = 0;
  for (const b of buffers) {
    if (b.length === 0 || b.length % recordBytes !== 0) {
      throw new DatasetError(`${what}: size ${b.length} is not a multiple of the ${recordBytes}-byte record`);
    }
    count += b.length / recordBytes;
  }
  const images = new Uint8Array(count * 3 * plane);
  const labels = new Uint8Array(count);
  let n = 0;
  for (const b of buffers) {
    for (let off = 0; off < b.length; off += recordBytes, n++) {
      const label = b[off + labelBytes - 1];
      if (label >= numClasses)
        throw new DatasetError(`${what}: label ${label} at record ${n} is outside 0…${numClasses - 1}`);
      labels[n] = label;
      const src = off + labelBytes;
      const dst = n * 3 * plane;
      for (let p = 0; p < plane; p++) {
        images[dst + 3 * p] = b[src + p];
        images[dst + 3 * p + 1] = b[src + plane + p];
        images[dst + 3 * p + 2] = b[src + 2 * plane + p];
      }
    }
  }
  return { images, labels, count };
}
