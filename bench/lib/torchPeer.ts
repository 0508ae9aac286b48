// Runs the PyTorch peers (bench/torchReference.py, bench/zooTorch.py) with Debian's python3-torch, installing it
// with apt-get when it is missing, and reads its one-line JSON result.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** What torchReference.py prints. */
export interface TorchResult {
  device: string;
  threads: number;
  version: string;
  /** The BLAS library(ies) the peer process loaded: Debian's reference libblas3 is several times slower than OpenBLAS for linear layers. */
  blas: string;
  images: number;
  seconds: number;
  imagesPerSec: number;
  /** Process CPU time of the training loop (all threads; OpenMP spin-waits included). */
  cpuSeconds: number;
  testAccuracy: number;
}

const python = '/usr/bin/python3';

/** Makes `import torch` work, installing python3-torch if needed; returns a reason when it cannot. */
export function ensureTorch(): string | undefined {
  if (spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return undefined;
  console.log('PyTorch missing: apt-get install -y python3-torch …');
  const apt = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'python3-torch'], { stdio: 'inherit' });
  if (apt.status !== 0) return `apt-get install python3-torch failed (exit ${apt.status}; needs root and the Debian mirror)`;
  return spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0 ? undefined : 'python3-torch installed but import torch still fails';
}

/** Runs one of the bench's Python scripts with `threads` threads and parses its last stdout line as JSON. */
export function runPythonJson<T>(scriptName: string, args: string[], threads: number): T {
  const script = join(__dirname, '..', scriptName);
  const run = spawnSync(python, [script, ...args], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) } });
  if (run.status !== 0) throw new Error(`${scriptName} failed (exit ${run.status}): ${(run.stderr ?? String(run.error)).trim().split('\n').slice(-3).join(' | ')}`);
  const line = run.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}

/** One PyTorch epoch with the bench's settings. */
export function runTorch(opts: { dataDir: string; threads: number; batch: number; maxBatches: number; mean: number; std: number }): TorchResult {
  const args = ['--data', opts.dataDir, '--threads', String(opts.threads), '--batch', String(opts.batch), '--max-batches', String(opts.maxBatches), '--mean', String(opts.mean), '--std', String(opts.std)];
  return runPythonJson<TorchResult>('torchReference.py', args, opts.threads);
}
