/**
 * `npm run bench:zoo [-- options]`: the architecture zoo (bench/lib/zooFamilies.ts) trained at the
 * CIFAR-10 (32×32×3) and Fashion-MNIST (28×28×1) shapes on random pixels, batch 64, SGD momentum
 * lr 0.01 m 0.9 — TF.js through the trainer's own start-up path (tuning, ladder, buildNet, the
 * Net's learn() in runEpoch) and each family's PyTorch twin (bench/zooTorch.py) with the same
 * thread count, alternating in one run. Fails when a twin's trainable parameters differ. Prints
 * img/s of both per family and shape, their ratio, per-CPU-second figures and geometric means.
 * Options: bench/lib/zooArgs.ts (`--help`).
 */
import * as tf from '@tensorflow/tfjs';
import { getDataset } from '../src/core/datasets/registry';
import { geometricMean, median } from './lib/benchStats';
import { setUpBenchBackend } from './lib/benchBackend';
import { cyclingLabels, profileTrainingStep } from './lib/kernelProfile';
import { parseZooArgs } from './lib/zooArgs';
import type { ZooArgs, ZooShape } from './lib/zooArgs';
import { selectFamilies } from './lib/zooFamilies';
import type { ZooFamily } from './lib/zooFamilies';
import { loadZooNet, releaseZooNet, trainZooNet } from './lib/zooTfjs';
import type { ZooRun } from './lib/zooTfjs';
import { ensureTorch, runPythonJson } from './lib/torchPeer';

const prm: Record<string, number> = { lr: 0.01, momentum: 0.9, dropout: 0.2 };

/** What bench/zooTorch.py prints for one run. */
interface TwinRun {
  family: string;
  blas: string;
  params: number;
  device: string;
  threads: number;
  images: number;
  seconds: number;
  imagesPerSec: number;
  cpuSeconds: number;
}

/** One table row: a family at one shape, medians over the repeats. */
interface Row {
  family: string;
  shape: ZooShape;
  params: number;
  tfjs?: { rate: number; perCpu: number };
  torch?: { rate: number; perCpu: number };
  error?: string;
}

const gpuBackends = new Set(['webgpu', 'tensorflow-gpu']);

// The peer's BLAS decides its linear-layer speed; say once which one it loaded.
let blasShown = false;

function twin(family: string, shape: ZooShape, args: ZooArgs, threads: number, device: string): TwinRun {
  return runPythonJson<TwinRun>(
    'zooTorch.py',
    [
      '--family',
      family,
      '--shape',
      shape,
      '--threads',
      String(threads),
      '--batch',
      String(args.batch),
      '--batches',
      String(args.maxBatches),
      '--warmup',
      String(args.warmup),
      '--time-limit',
      String(args.timeLimitS),
      '--device',
      device,
      '--lr',
      String(prm.lr),
      '--momentum',
      String(prm.momentum),
      '--dropout',
      String(prm.dropout),
    ],
    threads,
  );
}

async function profile(run: ZooRun, family: string, shape: ZooShape, batch: number): Promise<void> {
  const info = getDataset(shape);
  const net = run.built.net as unknown as Parameters<typeof profileTrainingStep>[0];
  const x = tf.randomNormal([batch, info.height, info.width, info.channels], 0, 1, 'float32', 3) as tf.Tensor4D;
  const y = cyclingLabels(batch, info.numClasses);
  console.log(`\n${family} at ${shape}: ${await profileTrainingStep(net, x, y, 3)}\n`);
  tf.dispose([x, y]);
}

async function measure(
  family: ZooFamily,
  shape: ZooShape,
  args: ZooArgs,
  backend: string,
  threads: number,
  torchDevice: string | undefined,
): Promise<Row> {
  const info = getDataset(shape);
  const mod = await loadZooNet(family.file);
  const ours: ZooRun[] = [];
  const theirs: TwinRun[] = [];
  for (let r = 0; r < args.repeat; r++) {
    // Alternate the two so load from other processes hits both alike.
    if (torchDevice) {
      const t = twin(family.name, shape, args, threads, torchDevice);
      theirs.push(t);
      if (!blasShown) console.log(`  PyTorch ${t.device} BLAS: ${t.blas}`);
      blasShown = true;
      console.log(
        `  ${family.name} ${shape} torch(${t.device}, ${t.threads}t) run ${r + 1}: ${t.imagesPerSec.toFixed(1)} img/s, ${(t.images / t.cpuSeconds).toFixed(1)} img/cpu-s, ${t.images / args.batch} batches`,
      );
    }
    const o = await trainZooNet(mod, family.file, info, {
      batch: args.batch,
      warmup: args.warmup,
      batches: args.maxBatches,
      timeLimitS: args.timeLimitS,
      backend,
      hyperparameters: prm,
    });
    ours.push(o);
    console.log(
      `  ${family.name} ${shape} tfjs run ${r + 1}: ${o.imagesPerSec.toFixed(1)} img/s, ${(o.images / o.cpuSeconds).toFixed(1)} img/cpu-s, ${o.images / args.batch} batches, loss ${o.lastLoss.toFixed(3)}`,
    );
    if (!Number.isFinite(o.lastLoss)) throw new Error(`${family.name} at ${shape}: TF.js loss is ${o.lastLoss}`);
    if (theirs.length && theirs[0].params !== o.paramCount) {
      throw new Error(
        `${family.name} at ${shape}: trainable parameters differ, TF.js ${o.paramCount} vs PyTorch twin ${theirs[0].params}; bring bench/zooTorch.py in step with ${family.file}`,
      );
    }
    if (args.profile && r === 0) await profile(o, family.name, shape, args.batch);
    releaseZooNet(o);
  }
  const params = ours[0].paramCount;
  const summary = (runs: { images: number; imagesPerSec: number; cpuSeconds: number }[]) =>
    runs.length
      ? { rate: median(runs.map((x) => x.imagesPerSec)), perCpu: median(runs.map((x) => x.images / x.cpuSeconds)) }
      : undefined;
  return { family: family.name, shape, params, tfjs: summary(ours), torch: summary(theirs) };
}

function fmt(n: number | undefined, digits = 1): string {
  return n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(n >= 100 ? 0 : digits);
}

function table(rows: Row[], label: string, torchLabel: string): string {
  const lines = [
    `| family | shape | params | TF.js (${label}) img/s | PyTorch (${torchLabel}) img/s | ratio | TF.js img/CPU-s | PyTorch img/CPU-s | ratio per CPU-s |`,
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    if (r.error) {
      lines.push(
        `| ${r.family} | ${r.shape} | — | failed: ${r.error.replace(/\|/g, '\\|').split('\n')[0]} | | | | | |`,
      );
      continue;
    }
    const ratio = r.tfjs && r.torch ? r.tfjs.rate / r.torch.rate : undefined;
    const cpuRatio = r.tfjs && r.torch ? r.tfjs.perCpu / r.torch.perCpu : undefined;
    lines.push(
      `| ${r.family} | ${r.shape} | ${r.params.toLocaleString('en-US')} | ${fmt(r.tfjs?.rate)} | ${fmt(r.torch?.rate)} | ${fmt(ratio, 2)}× | ${fmt(r.tfjs?.perCpu)} | ${fmt(r.torch?.perCpu)} | ${fmt(cpuRatio, 2)}× |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseZooArgs(process.argv.slice(2));
  const families = selectFamilies(args.families);
  const { ladder, threads, label } = await setUpBenchBackend(args);
  const torchMissing = args.torch ? ensureTorch(args.torchBlas) : 'disabled by --no-torch';
  if (torchMissing) console.log(`PyTorch twins not run: ${torchMissing}`);
  // A GPU rung on the TF.js side meets CUDA on the PyTorch side when there is one.
  const torchDevice = torchMissing ? undefined : gpuBackends.has(ladder.backend) ? 'auto' : 'cpu';
  console.log(
    `zoo: ${families.map((f) => f.name).join(', ')} at ${args.shapes.join(' and ')}; batch ${args.batch}, ${args.warmup} warm-up + up to ${args.maxBatches} timed batches (none started after ${args.timeLimitS} s), ${args.repeat} run(s) each`,
  );

  const rows: Row[] = [];
  for (const family of families) {
    for (const shape of args.shapes) {
      try {
        rows.push(await measure(family, shape, args, ladder.backend, threads, torchDevice));
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (/trainable parameters differ/.test(message)) throw e;
        console.log(`  ${family.name} ${shape} FAILED: ${message}`);
        rows.push({ family: family.name, shape, params: 0, error: message });
        tf.disposeVariables();
      }
    }
  }

  const torchLabel = torchDevice === 'auto' ? 'cuda if available' : `cpu, ${threads} thread${threads > 1 ? 's' : ''}`;
  console.log(`\n${table(rows, label, torchLabel)}\n`);
  const paired = rows.flatMap((r) =>
    r.tfjs && r.torch ? [{ r, wall: r.tfjs.rate / r.torch.rate, cpu: r.tfjs.perCpu / r.torch.perCpu }] : [],
  );
  if (paired.length) {
    const wall = geometricMean(paired.map((p) => p.wall));
    const cpu = geometricMean(paired.map((p) => p.cpu));
    const lowest = paired.reduce((a, b) => (b.wall < a.wall ? b : a));
    console.log(
      `zoo-geomean tfjs(${label}) vs torch(${torchLabel}) over ${paired.length} family×shape: ratio=${wall.toFixed(2)}× per-cpu-second ratio=${cpu.toFixed(2)}× lowest=${lowest.r.family}/${lowest.r.shape} ${lowest.wall.toFixed(2)}× rss=${(process.memoryUsage().rss / 2 ** 20).toFixed(0)}MiB`,
    );
  }
  const failed = rows.filter((r) => r.error);
  if (failed.length)
    throw new Error(
      `${failed.length} family×shape run(s) failed: ${failed.map((r) => `${r.family}/${r.shape}`).join(', ')}`,
    );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
