// Helpers for kernels written on top of the wasm backend: call its other kernels directly and
// read/write tensor memory in place. Kept apart so each kernel file stays about its math.
import * as tf from '@tensorflow/tfjs';
import type { KernelBackend as TfKernelBackend, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

/** The backend object TF.js hands a kernel. */
export type KernelBackend = Parameters<KernelFunc>[0]['backend'];

/** What this module needs of BackendWasm: its tensor table and the emscripten heap. */
interface WasmBackendView {
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  wasm: { HEAPU8: Uint8Array; wasmMemory?: { buffer: ArrayBufferLike } };
  makeOutput(shape: number[], dtype: string): TensorInfo;
}

const originals = new Map<string, KernelFunc>();

/** Remembers a stock kernel before it is replaced, so replacements can still delegate to it. */
export function rememberOriginal(name: string, func: KernelFunc): void {
  if (!originals.has(name)) originals.set(name, func);
}

/** The stock kernel a replacement took the place of, if any. */
export function originalOf(name: string): KernelFunc | undefined {
  return originals.get(name);
}

/** Runs a kernel registered for wasm (or, with `stock`, the one it replaced, if any), bypassing the engine: no tape, no scope. */
export function runKernel(
  backend: KernelBackend,
  name: string,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
  stock = false,
): TensorInfo {
  const func = (stock ? originals.get(name) : undefined) ?? tf.getKernel(name, 'wasm')?.kernelFunc;
  if (func === undefined) throw new Error(`wasm backend has no ${name} kernel`);
  return func({ inputs, backend, attrs }) as TensorInfo;
}

/** Frees intermediate outputs the engine never saw. */
export function free(backend: KernelBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) (backend as TfKernelBackend).disposeData(info.dataId);
}

/** A new output tensor on the wasm heap (float32 unless told). */
export function makeOutput(backend: KernelBackend, shape: number[], dtype = 'float32'): TensorInfo {
  return (backend as unknown as WasmBackendView).makeOutput(shape, dtype);
}

/**
 * A Float32Array over a tensor's bytes in wasm memory. Take it after every allocation of the
 * kernel: a heap growth detaches older views (and the threaded build's memory is shared, so the
 * live buffer is read from the Memory object rather than a cached view).
 */
export function f32View(backend: KernelBackend, info: TensorInfo): Float32Array {
  const b = backend as unknown as WasmBackendView;
  const size = info.shape.reduce((p, d) => p * d, 1);
  return new Float32Array(heapBuffer(b), b.dataIdMap.get(info.dataId).memoryOffset, size);
}

/** The live wasm memory (see f32View). */
function heapBuffer(b: WasmBackendView): ArrayBufferLike {
  return b.wasm.wasmMemory?.buffer ?? b.wasm.HEAPU8.buffer;
}

/**
 * A view of a tensor's elements as raw bits, for kernels that only move data: Int32Array for the
 * 4-byte dtypes (float32, int32), Uint8Array for bool (one byte each on the wasm heap). Undefined
 * for strings and complex numbers, which the wasm heap does not hold this way.
 */
export function bitsView(backend: KernelBackend, info: TensorInfo): Int32Array | Uint8Array | undefined {
  const b = backend as unknown as WasmBackendView;
  const size = info.shape.reduce((p, d) => p * d, 1);
  const offset = b.dataIdMap.get(info.dataId).memoryOffset;
  if (info.dtype === 'float32' || info.dtype === 'int32') return new Int32Array(heapBuffer(b), offset, size);
  if (info.dtype === 'bool') return new Uint8Array(heapBuffer(b), offset, size);
  return undefined;
}
