/**
 * The Node flags and environment the trainer process starts with: a heap cap, no code generation
 * from strings, and Node's permission model — read access only to the trainer bundle, the TF.js
 * packages it loads at run time, the dataset folder and the run folder; no file writes, no child
 * processes, no workers, and native add-ons only when a native backend rung may be used.
 *
 * What holds on Node 20.20 (checked by test/unit/trainer/hostile.test.ts): the flag is
 * `--experimental-permission` (`--permission` from Node 22); TF.js and its wasm backend load and
 * train with only `--allow-fs-read`; fork's IPC channel works; fs writes, reads outside the list,
 * child_process, worker_threads and process.binding throw ERR_ACCESS_DENIED; Dawn's `webgpu` add-on
 * needs `--allow-addons` (ERR_DLOPEN_DISABLED without it), and nothing more: Dawn opens the Vulkan
 * loader, the ICD manifest (VK_ICD_FILENAMES, kept by `trainerEnv`) and the driver it names from
 * native code, which the permission model does not see (webgpuTrain.test.ts trains on SwiftShader
 * this way, with no extra --allow-fs-read); sockets are NOT covered by Node 20's
 * model, so the trainer switches them off itself (src/trainer/sandbox/lockdown.ts); wasm threads
 * need `--allow-worker` (off by default: `allowWorkers`). Workers inherit the process's permissions,
 * so a worker cannot write or spawn either (hostile.test.ts checks it with threads on).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BackendName } from '../../shared/trainerProtocol';

/** Inputs that decide the flags. */
export interface SandboxInput {
  trainerPath: string;
  datasetDir?: string;
  runDir?: string;
  memoryLimitMB: number;
  /** The forced backend, if any (a CPU-only rung needs no add-ons). */
  backend?: BackendName;
  skipBackends?: BackendName[];
  /** Turn the permission model off (debugging, or a runtime without it). */
  permissionModel?: boolean;
  /** Let TF.js's wasm backend start worker threads (weakens the sandbox: workers inherit no scope limits). */
  allowWorkers?: boolean;
  /** Resolves a package's folder; injectable for tests. */
  resolvePackageDir?: (pkg: string) => string | undefined;
  /** Flags this Node accepts; injectable for tests. */
  nodeFlags?: ReadonlySet<string>;
}

/** The flags, and whether the permission model is in force (with the reason when it is not). */
export interface SandboxArgs {
  execArgv: string[];
  permission: { on: boolean; flag?: string; note?: string };
  allowAddons: boolean;
  readable: string[];
}

/** Packages the trainer may load at run time, with the rung that needs each. */
const runtimePackages: { pkg: string; rung: BackendName; native: boolean }[] = [
  { pkg: '@tensorflow/tfjs-node-gpu', rung: 'tensorflow-gpu', native: true },
  { pkg: 'webgpu', rung: 'webgpu', native: true },
  { pkg: '@tensorflow/tfjs-node', rung: 'tensorflow', native: true },
  { pkg: '@tensorflow/tfjs-backend-wasm', rung: 'wasm', native: false },
];

/**
 * The package's folder as the trainer's own resolution meets it: `<dir>/node_modules/<pkg>` walking
 * up from the bundle. With symlinked node_modules (pnpm, npm link) this differs from the real path,
 * and the permission model checks the path the loader opens.
 */
function lexicalPackageDir(pkg: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', pkg);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function defaultResolvePackageDir(pkg: string): string | undefined {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return undefined;
  }
}

/** Whether the ladder may try `rung`, given a forced backend or a skip list. */
export function rungMayRun(
  rung: BackendName,
  choice: { backend?: BackendName; skipBackends?: readonly BackendName[] },
): boolean {
  if (choice.backend) return choice.backend === rung;
  return !(choice.skipBackends ?? []).includes(rung);
}

/** Builds the trainer's execArgv. */
export function sandboxArgs(input: SandboxInput): SandboxArgs {
  const packageDir = input.resolvePackageDir ?? defaultResolvePackageDir;
  const flags = input.nodeFlags ?? process.allowedNodeEnvironmentFlags;
  const execArgv = [
    `--max-old-space-size=${Math.max(256, Math.round(input.memoryLimitMB))}`,
    '--disallow-code-generation-from-strings',
  ];
  const readable = [dirname(input.trainerPath)];
  let allowAddons = false;
  for (const { pkg, rung, native } of runtimePackages) {
    if (!rungMayRun(rung, input)) continue;
    const dir = packageDir(pkg);
    if (!dir) continue;
    readable.push(dir);
    const lexical = input.resolvePackageDir ? undefined : lexicalPackageDir(pkg, dirname(input.trainerPath));
    // Reached through a symlink: the loader resolves the link itself, so that node_modules must be readable.
    if (lexical && lexical !== dir)
      readable.push(lexical.slice(0, lexical.lastIndexOf('node_modules') + 'node_modules'.length));
    if (native) allowAddons = true;
    // tfjs-node loads TF.js itself from node_modules beside it.
    if (pkg.startsWith('@tensorflow/tfjs-node'))
      readable.push(join(dirname(dir), 'tfjs'), join(dirname(dir), 'tfjs-core'));
  }
  if (rungMayRun('tensorflow-gpu', input) && packageDir('@tensorflow/tfjs-node-gpu')) {
    readable.push('/etc/ld.so.cache', ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean));
  }
  if (input.datasetDir) readable.push(input.datasetDir);
  if (input.runDir) readable.push(input.runDir);
  // Node 20 aborts at start-up (radix-tree assertion) on a repeated --allow-fs-read path, so dedupe.
  const unique = [...new Set(readable.map((p) => resolve(p)))];
  const flag = ['--permission', '--experimental-permission'].find((f) => flags.has(f));
  if (input.permissionModel === false)
    return {
      execArgv,
      permission: { on: false, note: 'permission model turned off by option' },
      allowAddons,
      readable: unique,
    };
  if (!flag)
    return {
      execArgv,
      permission: { on: false, note: `this Node (${process.version}) has no permission model` },
      allowAddons,
      readable: unique,
    };
  execArgv.push(flag, ...unique.map((p) => `--allow-fs-read=${p}`));
  if (allowAddons) execArgv.push('--allow-addons');
  if (input.allowWorkers) execArgv.push('--allow-worker');
  if (flags.has('--disable-warning')) execArgv.push('--disable-warning=ExperimentalWarning');
  return { execArgv, permission: { on: true, flag }, allowAddons, readable: unique };
}

/** Environment variables the trainer keeps; everything else (API keys, tokens) stays with the host. */
const keptEnv = [
  'PATH',
  'HOME',
  'LANG',
  'TMPDIR',
  'LD_LIBRARY_PATH',
  'CUDA_VISIBLE_DEVICES',
  'TF_CPP_MIN_LOG_LEVEL',
  'VK_DRIVER_FILES',
  'VK_ICD_FILENAMES',
  'SYSTEMROOT',
];

/** A copy of `env` with only the variables the trainer needs. */
export function trainerEnv(
  env: NodeJS.ProcessEnv = process.env,
  electron = Boolean(process.versions.electron),
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const key of keptEnv) if (env[key] !== undefined) out[key] = env[key];
  // Inside VS Code, process.execPath is Electron: this makes it run the trainer as plain Node.
  if (electron) out.ELECTRON_RUN_AS_NODE = '1';
  return out;
}
