/**
 * The datasets NNGPT's proxy training uses, with their published files. Checksums are the MD5s the
 * publishers (and torchvision) list for the upstream files; SHA-256 values are pinned on first
 * download (see `fetch.ts`) because no publisher lists them.
 */
import type { DatasetInfo } from './types';
import { DatasetError } from './types';

const idxFiles = {
  trainFiles: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
  testFiles: ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
};

function idxRemote(base: string, md5s: string[]): DatasetInfo['remote'] {
  return [...idxFiles.trainFiles, ...idxFiles.testFiles].map((name, i) => ({
    url: `${base}${name}`,
    name,
    md5: md5s[i],
  }));
}

const cifar10Batches = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);

/** Every dataset the trainer can load, by id. */
export const datasets: readonly DatasetInfo[] = [
  {
    id: 'mnist',
    title: 'MNIST',
    format: 'idx',
    height: 28,
    width: 28,
    channels: 1,
    numClasses: 10,
    trainCount: 60000,
    testCount: 10000,
    mean: [0.1307],
    std: [0.3081],
    flip: false,
    ...idxFiles,
    remote: idxRemote('https://ossci-datasets.s3.amazonaws.com/mnist/', [
      'f68b3c2dcbeaaa9fbdd348bbdeb94873',
      'd53e105ee54ea40749a09fcbcd1e9432',
      '9fb629c4189551a2d022fa330f9573f3',
      'ec29112dd5afa0611ce80d1b7f02629c',
    ]),
    localDirs: [],
  },
  {
    id: 'fashion-mnist',
    title: 'Fashion-MNIST',
    format: 'idx',
    height: 28,
    width: 28,
    channels: 1,
    numClasses: 10,
    trainCount: 60000,
    testCount: 10000,
    mean: [0.286],
    std: [0.353],
    flip: false,
    ...idxFiles,
    remote: idxRemote('http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/', [
      '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
      '25c81989df183df01b3e8a0aad5dffbe',
      'bef4ecab320f06d8554ea6380940ec79',
      'bb300cfdad3c16e7a12a480ee83cd310',
    ]),
    localDirs: ['/usr/share/datasets/fashion-mnist'],
  },
  {
    id: 'cifar10',
    title: 'CIFAR-10',
    format: 'cifar10',
    height: 32,
    width: 32,
    channels: 3,
    numClasses: 10,
    trainCount: 50000,
    testCount: 10000,
    mean: [0.4914, 0.4822, 0.4465],
    std: [0.247, 0.2435, 0.2616],
    flip: true,
    trainFiles: cifar10Batches,
    testFiles: ['test_batch.bin'],
    remote: [
      {
        url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
        name: 'cifar-10-binary.tar.gz',
        md5: 'c32a1d4ab5d03f1284b67883e8d87530',
        extract: [...cifar10Batches, 'test_batch.bin'],
        extractedDir: 'cifar-10-batches-bin',
      },
    ],
    localDirs: [],
  },
  {
    id: 'cifar100',
    title: 'CIFAR-100',
    format: 'cifar100',
    height: 32,
    width: 32,
    channels: 3,
    numClasses: 100,
    trainCount: 50000,
    testCount: 10000,
    mean: [0.5071, 0.4865, 0.4409],
    std: [0.2673, 0.2564, 0.2762],
    flip: true,
    trainFiles: ['train.bin'],
    testFiles: ['test.bin'],
    remote: [
      {
        url: 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz',
        name: 'cifar-100-binary.tar.gz',
        md5: '03b5dce01913d631647c71ecec9e9cb8',
        extract: ['train.bin', 'test.bin'],
        extractedDir: 'cifar-100-binary',
      },
    ],
    localDirs: [],
  },
  {
    id: 'svhn',
    title: 'SVHN (cropped digits)',
    format: 'svhn',
    height: 32,
    width: 32,
    channels: 3,
    numClasses: 10,
    trainCount: 73257,
    testCount: 26032,
    mean: [0.4377, 0.4438, 0.4728],
    std: [0.198, 0.201, 0.197],
    flip: false, // house numbers are digits: a mirrored 2 or 5 is not the same class
    trainFiles: ['train_32x32.mat'],
    testFiles: ['test_32x32.mat'],
    remote: [
      {
        url: 'http://ufldl.stanford.edu/housenumbers/train_32x32.mat',
        name: 'train_32x32.mat',
        md5: 'e26dedcc434d2e4c54c9b2d4a06d8373',
      },
      {
        url: 'http://ufldl.stanford.edu/housenumbers/test_32x32.mat',
        name: 'test_32x32.mat',
        md5: 'eb5a983be6a315427106f1b164d9cef3',
      },
    ],
    localDirs: [],
  },
];

/** Looks a dataset up by id; the error lists the ids that exist. */
export function getDataset(id: string): DatasetInfo {
  const found = datasets.find((d) => d.id === id);
  if (!found) throw new DatasetError(`unknown dataset '${id}' (known: ${datasets.map((d) => d.id).join(', ')})`);
  return found;
}
