/**
 * Checks, before tfjs-node-gpu is loaded, that the CUDA runtime it was built for is present, so the
 * user reads "libcudart.so.11.0 is missing" instead of a dynamic-loader stack trace. tfjs-node-gpu
 * 4.22 links libtensorflow 2.9.1, built for CUDA 11.2 and cuDNN 8.1. The probe reads the loader
 * cache file rather than running `ldconfig -p`, because the sandboxed trainer may not spawn processes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Shared libraries libtensorflow 2.9.1 (CUDA 11.2 build) opens. */
export const requiredCudaLibraries = ['libcudart.so.11.0', 'libcudnn.so.8'];

/** Where to look; injectable for tests. */
export interface CudaProbeEnv {
  ldCachePath: string;
  ldLibraryPath: string | undefined;
  readFile(path: string): Uint8Array;
  listDir(dir: string): string[];
}

/** The real environment of this process. */
export function systemCudaEnv(): CudaProbeEnv {
  return {
    ldCachePath: '/etc/ld.so.cache',
    ldLibraryPath: process.env.LD_LIBRARY_PATH,
    readFile: (p) => readFileSync(p),
    listDir: (d) => (existsSync(d) ? readdirSync(d) : []),
  };
}

/** Outcome of the probe: what was found and missing, and a sentence for the user. */
export interface CudaProbeResult {
  ok: boolean;
  missing: string[];
  found: Record<string, string>;
  /** Other major versions of the same libraries that are present (the usual cause of a mismatch). */
  otherVersions: string[];
  message: string;
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/** Looks for the CUDA 11 / cuDNN 8 libraries in LD_LIBRARY_PATH and the loader cache. */
export function probeCuda(env: CudaProbeEnv = systemCudaEnv()): CudaProbeResult {
  const cacheText = safe(() => Buffer.from(env.readFile(env.ldCachePath)).toString('latin1'), '');
  const dirs = (env.ldLibraryPath ?? '').split(':').filter(Boolean);
  const listed = dirs.map((d) => ({ d, names: safe(() => env.listDir(d), [] as string[]) }));
  const found: Record<string, string> = {};
  for (const lib of requiredCudaLibraries) {
    const inDir = listed.find((l) => l.names.includes(lib));
    if (inDir) found[lib] = join(inDir.d, lib);
    else if (cacheText.includes(`${lib}\0`)) found[lib] = `${env.ldCachePath} entry`;
  }
  const missing = requiredCudaLibraries.filter((l) => !found[l]);
  const pattern = /lib(cudart|cudnn)\.so\.\d+(\.\d+)*/g;
  const seen = new Set<string>([
    ...(cacheText.match(pattern) ?? []),
    ...listed.flatMap((l) => l.names.filter((n) => /^lib(cudart|cudnn)\.so\.\d/.test(n))),
  ]);
  const otherVersions = [...seen].filter((v) => !requiredCudaLibraries.includes(v)).sort();
  const message =
    missing.length === 0
      ? `CUDA runtime found: ${requiredCudaLibraries.join(', ')}`
      : `tfjs-node-gpu 4.22 needs CUDA 11.2 and cuDNN 8.1 (${requiredCudaLibraries.join(', ')}); missing: ${missing.join(', ')}` +
        (otherVersions.length > 0 ? `; this machine has ${otherVersions.join(', ')}, which it cannot use` : '') +
        '. Install CUDA 11.2 + cuDNN 8.1 libraries (LD_LIBRARY_PATH works), or let the ladder use WebGPU.';
  return { ok: missing.length === 0, missing, found, otherVersions, message };
}
