/**
 * `npm run bench:train [-- options]`: the reference CNN for one epoch on Fashion-MNIST (60k
 * images, batch 64, SGD momentum lr 0.01 m 0.9) with TF.js on the best available backend — set
 * up by the trainer's own ladder and src/trainer/perf tuning — and, in the same run, the same
 * network and hyperparameters in PyTorch with the same thread count. Prints images/s of both,
 * their ratio and test accuracies. Options: see bench/lib/benchArgs.ts (`--help`).
 */
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../src/core/datasets/load';
import { getDataset } from '../src/core/datasets/registry';
import { Net, supportedHyperparameters } from '../examples/nets/referenceCnn.net';
import { parseBenchArgs } from './lib/benchArgs';
import { setUpBenchBackend } from './lib/benchBackend';
import { cyclingLabels, profileTrainingStep } from './lib/kernelProfile';
import { median } from './lib/benchStats';
import { tfjsEpoch, normalise } from './lib/tfjsEpoch';
import type { EpochResult } from './lib/tfjsEpoch';
import { ensureTorch, runTorch } from './lib/torchPeer';
import type { TorchResult } from './lib/torchPeer';

const prm: Record<string, number> = { lr: 0.01, momentum: 0.9, dropout: 0.2 };

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const { ladder, threads, label: backendLabel } = await setUpBenchBackend(args);
  if (!supportedHyperparameters().every((k) => k in prm))
    throw new Error('the reference Net reads a hyperparameter the bench does not set');

  const info = getDataset('fashion-mnist');
  const data = loadDataset(info, args.dataDir);
  const shaped = { ...data, trainPixels: normalise(data.train, info), testPixels: normalise(data.test, info) };
  const torchMissing = args.torch ? ensureTorch(args.torchBlas) : 'disabled by --no-torch';
  if (torchMissing) console.log(`PyTorch peer not run: ${torchMissing}`);

  const ours: EpochResult[] = [];
  const theirs: TorchResult[] = [];
  for (let r = 0; r < args.repeat; r++) {
    // Alternate the two so load from other processes hits both alike.
    if (!torchMissing) {
      theirs.push(
        runTorch({
          dataDir: args.dataDir,
          threads,
          batch: args.batch,
          maxBatches: args.maxBatches,
          mean: info.mean[0],
          std: info.std[0],
        }),
      );
      const t = theirs[theirs.length - 1];
      if (r === 0) console.log(`  PyTorch ${t.device} BLAS (its linear layers run on it): ${t.blas}`);
      console.log(
        `  torch(${t.device}, ${t.threads}t) run ${r + 1}: ${t.imagesPerSec.toFixed(0)} img/s, ${(t.images / t.cpuSeconds).toFixed(0)} img/cpu-s, acc ${t.testAccuracy.toFixed(4)}`,
      );
    }
    const net = new Net([args.batch, info.height, info.width, info.channels], [info.numClasses], prm, ladder.backend);
    net.trainSetup(prm);
    ours.push(await tfjsEpoch(net, shaped, args.batch, args.maxBatches));
    const o = ours[ours.length - 1];
    console.log(
      `  tfjs(${backendLabel}) run ${r + 1}: ${o.imagesPerSec.toFixed(0)} img/s, ${(o.images / o.cpuSeconds).toFixed(0)} img/cpu-s, acc ${o.testAccuracy.toFixed(4)}, tensors +${o.tensorGrowth}`,
    );
    if (args.profile && r === 0) await printProfile(net, shaped, args.batch);
  }

  const tfjsRate = median(ours.map((o) => o.imagesPerSec));
  const tfjsAcc = median(ours.map((o) => o.testAccuracy));
  const images = ours[0].images;
  let line = `train-fashion-mnist images=${images} tfjs(${backendLabel})=${tfjsRate.toFixed(0)} img/s`;
  if (theirs.length) {
    const torchRate = median(theirs.map((t) => t.imagesPerSec));
    line += ` torch(${theirs[0].device}, ${theirs[0].threads} thread${theirs[0].threads > 1 ? 's' : ''})=${torchRate.toFixed(0)} img/s ratio=${(tfjsRate / torchRate).toFixed(2)}×`;
    line += ` acc tfjs=${tfjsAcc.toFixed(4)} torch=${median(theirs.map((t) => t.testAccuracy)).toFixed(4)}`;
    // Per CPU-second: what each framework gets out of the cores it burns; steadier than wall time
    // when other processes load the machine (and it exposes OpenMP spin-waiting).
    const perCpu = (n: number, s: number) => n / s;
    const oursCpu = median(ours.map((o) => perCpu(o.images, o.cpuSeconds)));
    const theirsCpu = median(theirs.map((t) => perCpu(t.images, t.cpuSeconds)));
    line += ` per-cpu-second tfjs=${oursCpu.toFixed(0)} torch=${theirsCpu.toFixed(0)} ratio=${(oursCpu / theirsCpu).toFixed(2)}×`;
  } else {
    line += ` acc tfjs=${tfjsAcc.toFixed(4)}`;
  }
  line += ` rss=${(process.memoryUsage().rss / 2 ** 20).toFixed(0)}MiB`;
  if (args.repeat > 1) line += ` (median of ${args.repeat})`;
  console.log(line);
}

/** Per-kernel table of steps on one fixed batch (after the epoch, so the kernels are warm). */
async function printProfile(
  net: Net,
  data: { trainPixels: Float32Array; info: ReturnType<typeof getDataset> },
  batch: number,
): Promise<void> {
  const { info } = data;
  const x = tf.tensor4d(data.trainPixels.subarray(0, batch * info.height * info.width), [
    batch,
    info.height,
    info.width,
    info.channels,
  ]);
  const y = cyclingLabels(batch, info.numClasses);
  console.log(`\n${await profileTrainingStep(net, x, y)}\n`);
  tf.dispose([x, y]);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
