/**
 * The backend ladder: tfjs-node-gpu → WebGPU → tfjs-node → wasm → cpu. Each rung is tried in order
 * until one initialises and passes the start-up test (a tiny conv + dense model trained one step);
 * every rung passed over is reported with its reason, so the user sees why training runs where it
 * runs.
 */
import type { AdapterInfo, BackendName, SkippedBackend } from '../../shared/trainerProtocol';
import { cpuRung, wasmRung } from './cpuRungs';
import { nodeCpuRung, nodeGpuRung } from './nativeRungs';
import type { Rung } from './rung';
import { startupTest } from './startupTest';
import { webgpuRung } from './webgpuRung';

/** The rungs in order, best first; `wasmThreads` > 1 asks the wasm rung for its threaded build. */
export function defaultRungs(wasmThreads = 1): Rung[] {
  return [nodeGpuRung(), webgpuRung(), nodeCpuRung(), wasmRung({ threads: wasmThreads }), cpuRung()];
}

/** Which backend to use: a forced one, or the first that works after `skip`. */
export interface LadderOptions {
  forced?: BackendName;
  skip?: BackendName[];
  /** Replaces the start-up test a rung must pass (tests); resolves to the failure, or undefined. */
  startupTest?: () => Promise<string | undefined>;
}

/** The chosen backend and the reasons for every rung that was not chosen. */
export interface LadderResult {
  backend: BackendName;
  skipped: SkippedBackend[];
  adapterInfo?: AdapterInfo;
  /** Extra facts about the chosen backend (e.g. wasm SIMD/threads). */
  note?: string;
}

/** Thrown when no rung initialises (or the forced one fails); the message lists every reason. */
export class NoBackendError extends Error {
  override readonly name = 'NoBackendError';
  constructor(readonly skipped: SkippedBackend[]) {
    super(`no TF.js backend could be started: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`);
  }
}

/** Walks the ladder and makes the first working rung TF.js's current backend. */
export async function chooseBackend(
  options: LadderOptions = {},
  rungs: Rung[] = defaultRungs(),
): Promise<LadderResult> {
  const skipped: SkippedBackend[] = [];
  for (const rung of rungs) {
    if (options.forced && rung.name !== options.forced) {
      skipped.push({ backend: rung.name, reason: `not tried: backend forced to ${options.forced}` });
      continue;
    }
    if (options.skip?.includes(rung.name)) {
      skipped.push({ backend: rung.name, reason: 'skipped by setting' });
      continue;
    }
    const result = await rung.tryInit({ forced: options.forced === rung.name });
    if (!result.ok) {
      skipped.push({ backend: rung.name, reason: result.reason });
      continue;
    }
    const failed = await (options.startupTest ?? startupTest)();
    if (!failed) return { backend: rung.name, skipped, adapterInfo: result.adapterInfo, note: result.note };
    const on = result.adapterInfo ? ` on ${result.adapterInfo.name}` : '';
    skipped.push({
      backend: rung.name,
      reason: `failed the start-up test${on} (one conv, one dense, a gradient step, an async read of the loss): ${failed}`,
    });
  }
  throw new NoBackendError(skipped.filter((s) => !s.reason.startsWith('not tried')));
}
