/** Shapes shared by the dataset readers, the registry and the trainer. */

/** One split of an image dataset: `count` images, NHWC uint8 pixels, one class index per image. */
export interface ImageSplit {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/** How a dataset's files are laid out on disk (picks the reader). */
export type DatasetFormat = 'idx' | 'cifar10' | 'cifar100' | 'svhn';

/** A file published upstream; `md5` is the published checksum, `sha256` pinned once known. */
export interface RemoteFile {
  url: string;
  /** File name in the cache folder. */
  name: string;
  md5: string;
  sha256?: string;
  /** Members to extract when the download is a .tar.gz archive (flattened into the folder). */
  extract?: string[];
  /** The folder the archive's members sit in (`cifar-10-batches-bin`), so a data folder may be it or its parent. */
  extractedDir?: string;
}

/** Everything the trainer and the downloader need to know about one dataset. */
export interface DatasetInfo {
  id: string;
  title: string;
  format: DatasetFormat;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  trainCount: number;
  testCount: number;
  /** Per-channel mean and std of [0, 1] pixels, used to normalise. */
  mean: number[];
  std: number[];
  /** Whether horizontal-flip augmentation keeps labels valid (never for digits). */
  flip: boolean;
  /** Files the reader needs in the dataset folder: train files then test files. */
  trainFiles: string[];
  testFiles: string[];
  remote: RemoteFile[];
  /** Folders a system package installs the same files into (checked before downloading). */
  localDirs: string[];
}

/** A dataset read into memory. */
export interface LoadedDataset {
  info: DatasetInfo;
  train: ImageSplit;
  test: ImageSplit;
}

/** A dataset problem with a message fit for the user (missing file, bad format, checksum). */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}
