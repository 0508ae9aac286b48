// Runs the PyTorch peers (bench/torchReference.py, bench/zooTorch.py) with Debian's python3-torch on OpenBLAS,
// installing both with apt-get when they are missing, and reads the peer's one-line JSON result.
//
// Why OpenBLAS: Debian's torch 1.13 runs linear layers and matmuls on whichever libblas.so.3 the system has,
// and a bare install has the reference netlib BLAS (libblas3), 4-7x slower on dense and attention layers.
// A PyTorch user has MKL or OpenBLAS, so the peer gets OpenBLAS's pthread build through LD_LIBRARY_PATH
// (without changing the system's choice); `--torch-blas system` measures the system BLAS instead.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';

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
const openBlasPackage = 'libopenblas0-pthread';

function aptInstall(pkg: string): string | undefined {
  console.log(`${pkg} missing: apt-get install -y ${pkg} …`);
  const apt = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit' });
  return apt.status === 0
    ? undefined
    : `apt-get install ${pkg} failed (exit ${apt.status}; needs root and the Debian mirror)`;
}

/** The folder holding OpenBLAS's pthread libblas.so.3, from the package's file list; undefined when not installed. */
function openBlasDir(): string | undefined {
  const files = spawnSync('dpkg', ['-L', openBlasPackage], { encoding: 'utf8' });
  if (files.status !== 0) return undefined;
  const lib = files.stdout.split('\n').find((f) => f.endsWith('/libblas.so.3'));
  return lib ? dirname(lib) : undefined;
}

/** Where the peer's BLAS comes from: OpenBLAS (the default, fair peer) or whatever the system has. */
export type TorchBlas = 'openblas' | 'system';

let peerBlasDir: string | undefined;

/**
 * Makes `import torch` work, installing python3-torch (and, for `blas` 'openblas', libopenblas0-pthread) if
 * needed; returns a reason when it cannot.
 */
export function ensureTorch(blas: TorchBlas = 'openblas'): string | undefined {
  if (spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) {
    const failed = aptInstall('python3-torch');
    if (failed) return failed;
    if (spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0)
      return 'python3-torch installed but import torch still fails';
  }
  if (blas === 'system') return undefined;
  peerBlasDir = openBlasDir();
  if (peerBlasDir) return undefined;
  const failed = aptInstall(openBlasPackage);
  if (failed) return `${failed}; pass --torch-blas system to measure against the system BLAS`;
  peerBlasDir = openBlasDir();
  return peerBlasDir ? undefined : `${openBlasPackage} installed but its libblas.so.3 was not found`;
}

/** Runs one of the bench's Python scripts with `threads` threads and parses its last stdout line as JSON. */
export function runPythonJson<T>(scriptName: string, args: string[], threads: number): T {
  const script = join(__dirname, '..', scriptName);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OMP_NUM_THREADS: String(threads),
    OPENBLAS_NUM_THREADS: String(threads),
  };
  if (peerBlasDir) env.LD_LIBRARY_PATH = [peerBlasDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  const run = spawnSync(python, [script, ...args], { encoding: 'utf8', env });
  if (run.status !== 0)
    throw new Error(
      `${scriptName} failed (exit ${run.status}): ${(run.stderr ?? String(run.error)).trim().split('\n').slice(-3).join(' | ')}`,
    );
  const line = run.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}

/** One PyTorch epoch with the bench's settings. */
export function runTorch(opts: {
  dataDir: string;
  threads: number;
  batch: number;
  maxBatches: number;
  mean: number;
  std: number;
}): TorchResult {
  const args = [
    '--data',
    opts.dataDir,
    '--threads',
    String(opts.threads),
    '--batch',
    String(opts.batch),
    '--max-batches',
    String(opts.maxBatches),
    '--mean',
    String(opts.mean),
    '--std',
    String(opts.std),
  ];
  return runPythonJson<TorchResult>('torchReference.py', args, opts.threads);
}
