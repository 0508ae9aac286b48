// The TF.js start-up every bench shares: the trainer's own wasm tuning (threads, training kernels)
// and backend ladder, optionally with some kernels put back to stock, described in a few lines.
import { chooseBackend } from '../../src/trainer/backends/ladder';
import type { LadderResult } from '../../src/trainer/backends/ladder';
import { resolveWasmDir } from '../../src/trainer/backends/cpuRungs';
import { tuneBackend, wasmThreadsInUse } from '../../src/trainer/perf/tuneBackend';
import {
  gradientName,
  restoreStockWasmKernels,
  wasmTrainingGradients,
  wasmTrainingKernels,
} from '../../src/trainer/perf/wasmTrainingKernels';
import type { BackendName } from '../../src/shared/trainerProtocol';
import type { BenchArgs } from './benchArgs';

/** The backend a bench runs on. */
export interface BenchBackend {
  ladder: LadderResult;
  /** Threads in use: wasm's own count, else the one asked for (what the PyTorch peer gets too). */
  threads: number;
  /** e.g. `wasm, 2 threads`. */
  label: string;
}

/** Sets TF.js up as the trainer does and logs the backend, skipped rungs and wasm kernels. */
export async function setUpBenchBackend(args: BenchArgs): Promise<BenchBackend> {
  const tuning = tuneBackend('wasm', { threads: args.threads, wasmDir: resolveWasmDir() });
  const ladder = await chooseBackend({ forced: args.backend as BackendName | undefined });
  // `all`: every kernel replacement and every gradient replacement (`Tile:grad`, …).
  const stock = args.stockKernels.includes('all')
    ? [...wasmTrainingKernels.map((k) => k.kernelName), ...wasmTrainingGradients.map(gradientName)]
    : args.stockKernels;
  const restored = new Set(restoreStockWasmKernels(stock));
  tuning.kernels = tuning.kernels.filter((k) => !restored.has(k));
  const threads = wasmThreadsInUse() ?? args.threads;
  const label = `${ladder.backend}${ladder.backend === 'wasm' ? `, ${threads} thread${threads > 1 ? 's' : ''}` : ''}`;
  console.log(`TF.js backend: ${label}${ladder.adapterInfo ? ` on ${ladder.adapterInfo.name}` : ''}`);
  for (const s of ladder.skipped) console.log(`  skipped ${s.backend}: ${s.reason}`);
  if (ladder.backend === 'wasm')
    console.log(`  kernels: ${tuning.kernels.join(', ')}${tuning.notes.length ? `; ${tuning.notes.join('; ')}` : ''}`);
  return { ladder, threads, label };
}
