// Our own SIMD kernels, instantiated over the wasm backend's memory so they read and write
// tensors in place (no copies). One instance per memory object (the threaded build shares its
// memory; the single-threaded one does not).
import { assembleModule } from './wasmAssembler';
import type { KernelBackend } from './wasmKernelRun';
import { matMulBody, transposeBody } from './wasmSimdMatMul';
import { axpyColumnsBody, dotColumnsBody } from './wasmSimdDepthwise';
import { clipGradBody } from './wasmSimdClip';
import { normalizeBody } from './wasmSimdBatchNorm';

/** The exported kernels; pointers and strides in bytes. */
export interface SimdKernels {
  matmul(
    a: number,
    aRowStride: number,
    aColStride: number,
    b: number,
    bRowStride: number,
    out: number,
    outRowStride: number,
    m: number,
    k: number,
    n: number,
    accumulate: number,
  ): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  normalize(x: number, out: number, params: number, channels: number, count: number): void;
  clipGrad(x: number, dy: number, dx: number, count: number, min: number, max: number): void;
  axpyColumns(out: number, outStep: number, x: number, xStep: number, w: number, channels: number, count: number): void;
  dotColumns(x: number, xStep: number, dy: number, dyStep: number, acc: number, channels: number, count: number): void;
}

/** The slice of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface EmscriptenMemoryView {
  wasm: {
    wasmMemory?: WasmMemory;
    asm?: { memory?: WasmMemory };
    tfjs?: { getThreadsCount?: () => number };
  };
}

/** XNNPACK's thread count in this backend (1 where the module does not say). */
export function threadsCount(backend: KernelBackend): number {
  return (backend as unknown as EmscriptenMemoryView).wasm?.tfjs?.getThreadsCount?.() ?? 1;
}

const instances = new WeakMap<WasmMemory, SimdKernels | null>();

/**
 * The SIMD kernels for this backend's memory, or undefined where they cannot run (no memory object
 * exposed, or an engine without wasm SIMD): callers then keep the stock kernel.
 */
export function simdKernels(backend: KernelBackend): SimdKernels | undefined {
  const wasm = (backend as unknown as EmscriptenMemoryView).wasm;
  const memory = wasm?.wasmMemory ?? wasm?.asm?.memory;
  if (!(memory instanceof webAssembly.Memory)) return undefined;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    kernels = instantiate(memory);
    instances.set(memory, kernels);
  }
  return kernels ?? undefined;
}

function instantiate(memory: WasmMemory): SimdKernels | null {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = assembleModule(
    [
      { name: 'matmul', body: matMulBody() },
      { name: 'transpose', body: transposeBody() },
      { name: 'dotColumns', body: dotColumnsBody() },
      { name: 'clipGrad', body: clipGradBody() },
      { name: 'axpyColumns', body: axpyColumnsBody() },
      { name: 'normalize', body: normalizeBody() },
    ],
    shared,
  );
  try {
    const instance = new webAssembly.Instance(new webAssembly.Module(bytes), { env: { memory } });
    return instance.exports as unknown as SimdKernels;
  } catch {
    return null;
  }
}
