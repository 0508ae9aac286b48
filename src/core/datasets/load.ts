/** Reads a prepared dataset folder into memory with the reader its format needs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCifarRecords } from './cifarBin';
import { parseIdx } from './idx';
import { readMat } from './matV5';
import type { DatasetInfo, ImageSplit, LoadedDataset } from './types';
import { DatasetError } from './types';

function readFile(dir: string, name: string): Uint8Array {
  const path = join(dir, name);
  try {
    const raw = readFileSync(path);
    const data = name.endsWith('.gz') ? gunzipSync(raw) : raw;
    return new Uint8Array(data.buffer, data.byteOffset, data.length);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DatasetError(`dataset file missing: ${path}`);
    throw new DatasetError(`cannot read dataset file ${path}: ${(e as Error).message}`);
  }
}

function readIdxSplit(info: DatasetInfo, dir: string, [imagesFile, labelsFile]: string[]): ImageSplit {
  const images = parseIdx(readFile(dir, imagesFile), imagesFile);
  const labels = parseIdx(readFile(dir, labelsFile), labelsFile);
  const [count, h, w] = images.dims;
  if (images.dims.length !== 3 || h !== info.height || w !== info.width) {
    throw new DatasetError(
      `${imagesFile}: expected images [N, ${info.height}, ${info.width}], found [${images.dims.join(', ')}]`,
    );
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== count) {
    throw new DatasetError(`${labelsFile}: ${labels.dims[0]} labels for ${count} images`);
  }
  checkLabels(labels.data, info, labelsFile);
  return { images: images.data, labels: labels.data, count };
}

/** SVHN's X is 32×32×3×N column-major uint8; y holds 1…10 with 10 meaning the digit 0. */
function readSvhnSplit(info: DatasetInfo, dir: string, [file]: string[]): ImageSplit {
  const vars = readMat(readFile(dir, file), file);
  const x = vars.get('X');
  const y = vars.get('y');
  if (!x || !y)
    throw new DatasetError(`${file}: expected variables X and y, found ${[...vars.keys()].join(', ') || 'none'}`);
  const [h, w, c, count] = x.dims;
  if (h !== info.height || w !== info.width || c !== info.channels || x.dims.length !== 4) {
    throw new DatasetError(
      `${file}: X has dims [${x.dims.join('×')}], expected [${info.height}×${info.width}×${info.channels}×N]`,
    );
  }
  if (y.data.length !== count) throw new DatasetError(`${file}: ${y.data.length} labels for ${count} images`);
  const plane = h * w;
  const images = new Uint8Array(count * plane * c);
  for (let n = 0; n < count; n++) {
    for (let ch = 0; ch < c; ch++) {
      const src = n * plane * c + ch * plane;
      for (let col = 0; col < w; col++) {
        for (let row = 0; row < h; row++) images[(n * plane + row * w + col) * c + ch] = x.data[src + col * h + row];
      }
    }
  }
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = y.data[i] === 10 ? 0 : y.data[i];
  checkLabels(labels, info, file);
  return { images, labels, count };
}

function checkLabels(labels: Uint8Array, info: DatasetInfo, what: string): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= info.numClasses)
      throw new DatasetError(`${what}: label ${labels[i]} at ${i} is outside 0…${info.numClasses - 1}`);
  }
}

function readSplit(info: DatasetInfo, dir: string, files: string[]): ImageSplit {
  switch (info.format) {
    case 'idx':
      return readIdxSplit(info, dir, files);
    case 'svhn':
      return readSvhnSplit(info, dir, files);
    case 'cifar10':
    case 'cifar100':
      return parseCifarRecords(
        files.map((f) => readFile(dir, f)),
        info.format === 'cifar100' ? 2 : 1,
        info.numClasses,
        files.join(', '),
      );
  }
}

/** Loads the fixed train and test splits of a dataset from `dir`. */
export function loadDataset(info: DatasetInfo, dir: string): LoadedDataset {
  return { info, train: readSplit(info, dir, info.trainFiles), test: readSplit(info, dir, info.testFiles) };
}
