/** Turns uint8 NHWC images into normalised float batches and one-hot labels; seeded order and flips. */
import type { DatasetInfo, ImageSplit } from '../../core/datasets/types';

/** Indices 0…n-1 in a seeded Fisher–Yates order. */
export function shuffledIndices(n: number, random: () => number): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}

/** One batch as plain arrays, ready for `tf.tensor4d` / `tf.tensor2d`. */
export interface BatchArrays {
  x: Float32Array;
  y: Float32Array;
  labels: Uint8Array;
  size: number;
}

/** Builds the batch of the given sample indices: (pixel/255 − mean)/std per channel, optional mirror per sample. */
export function makeBatch(
  split: ImageSplit,
  info: DatasetInfo,
  indices: ArrayLike<number>,
  flips?: (i: number) => boolean,
): BatchArrays {
  const { height: h, width: w, channels: c, numClasses } = info;
  const per = h * w * c;
  const size = indices.length;
  const x = new Float32Array(size * per);
  const y = new Float32Array(size * numClasses);
  const labels = new Uint8Array(size);
  const scale = info.std.map((s) => 1 / (255 * s));
  const shift = info.mean.map((m, ch) => m / info.std[ch]);
  for (let b = 0; b < size; b++) {
    const src = indices[b] * per;
    const dst = b * per;
    const mirror = flips?.(b) ?? false;
    for (let r = 0; r < h; r++) {
      for (let col = 0; col < w; col++) {
        const from = src + (r * w + (mirror ? w - 1 - col : col)) * c;
        const to = dst + (r * w + col) * c;
        for (let ch = 0; ch < c; ch++) x[to + ch] = split.images[from + ch] * scale[ch] - shift[ch];
      }
    }
    labels[b] = split.labels[indices[b]];
    y[b * numClasses + labels[b]] = 1;
  }
  return { x, y, labels, size };
}
