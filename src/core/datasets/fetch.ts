/**
 * Finds or downloads a dataset's files: an explicit `dataDir` (see dataDir.ts), a system package's
 * folder, the cache, then the network. Downloads stream into a temp file, are checked against the published MD5 and
 * a SHA-256 pinned on first download (trust on first use, kept in `checksums.json`), then renamed
 * into place, so an interrupted download never leaves a file that looks complete. Callers in one
 * process that want the same cache folder at once (parallel trainers) share one download.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractArchive, writeAtomic } from './archive';
import { hasFiles, neededFiles, resolveDataDir, whatToPointAt } from './dataDir';
import type { DatasetInfo, RemoteFile } from './types';
import { DatasetError } from './types';

/** Bytes received so far for one file. */
export interface DownloadProgress {
  dataset: string;
  file: string;
  receivedBytes: number;
  totalBytes?: number;
}

/** Where to look and how to download. */
export interface EnsureDatasetOptions {
  /** The cache root (the extension's global storage); each dataset gets a subfolder. */
  cacheDir: string;
  /** A folder (or archive) the user points at instead (offline); see dataDir.ts for what it may hold. */
  dataDir?: string;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Injected in tests; defaults to the global fetch. */
  fetchImpl?: typeof fetch;
  /** Also look in the registry's system folders (Debian's dataset packages). Default true. */
  useSystemDirs?: boolean;
}

const pinFile = 'checksums.json';

function missingIn(info: DatasetInfo, dir: string): string[] {
  return neededFiles(info).filter((f) => !existsSync(join(dir, f)));
}

function readPins(dir: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(join(dir, pinFile), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

async function download(info: DatasetInfo, file: RemoteFile, dir: string, opts: EnsureDatasetOptions): Promise<string> {
  const fetchImpl = opts.fetchImpl ?? fetch;
  let res: Response;
  try {
    res = await fetchImpl(file.url, { signal: opts.signal });
  } catch (e) {
    throw new DatasetError(
      `cannot download ${file.url}: ${(e as Error).message}. Offline? Point the data folder setting (--data-dir) at ${whatToPointAt(info)}.`,
    );
  }
  if (!res.ok || !res.body) throw new DatasetError(`cannot download ${file.url}: HTTP ${res.status}`);
  const totalBytes = Number(res.headers.get('content-length')) || undefined;
  // Unique per download: one stopped by a cancel may still be writing when the next one starts.
  const tmp = join(dir, `${file.name}.part-${process.pid}-${randomUUID().slice(0, 8)}`);
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  const handle = await fsp.open(tmp, 'w');
  let receivedBytes = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      md5.update(chunk);
      sha256.update(chunk);
      await handle.write(chunk);
      receivedBytes += chunk.length;
      opts.onProgress?.({ dataset: info.id, file: file.name, receivedBytes, totalBytes });
    }
  } catch (e) {
    await handle.close();
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  const gotMd5 = md5.digest('hex');
  const gotSha = sha256.digest('hex');
  const pins = readPins(dir);
  const wantSha = file.sha256 ?? pins[file.name];
  if (gotMd5 !== file.md5 || (wantSha && wantSha !== gotSha)) {
    await fsp.rm(tmp, { force: true });
    throw new DatasetError(
      `checksum mismatch for ${file.url}: md5 ${gotMd5} (published ${file.md5}), sha256 ${gotSha}${wantSha ? ` (pinned ${wantSha})` : ''}`,
    );
  }
  if (!wantSha) await writeAtomic(join(dir, pinFile), JSON.stringify({ ...pins, [file.name]: gotSha }, null, 2));
  const target = join(dir, file.name);
  await fsp.rename(tmp, target);
  return target;
}

/** Unpacks a downloaded archive and drops it: the cache keeps only what the reader needs. */
async function extract(file: RemoteFile, archivePath: string, dir: string): Promise<void> {
  await extractArchive(file, archivePath, dir);
  await fsp.rm(archivePath, { force: true });
}

/** Returns a folder holding every file the dataset's reader needs, downloading into the cache if needed. */
export async function ensureDataset(info: DatasetInfo, opts: EnsureDatasetOptions): Promise<string> {
  if (opts.dataDir) return resolveDataDir(info, opts.dataDir, opts.cacheDir);
  if (opts.useSystemDirs !== false) {
    const local = info.localDirs.find((d) => hasFiles(info, d));
    if (local) return local;
  }
  const dir = join(opts.cacheDir, info.id);
  if (hasFiles(info, dir)) return dir;
  return joinDownload(info, dir, opts);
}

/** A download under way, with the callers waiting for it. */
interface SharedDownload {
  readonly done: Promise<string>;
  readonly controller: AbortController;
  readonly waiting: Set<EnsureDatasetOptions>;
}

/** Downloads under way in this process, by cache folder. */
const downloads = new Map<string, SharedDownload>();

/**
 * Waits for the folder's download, starting it if none is under way: two downloads into one folder
 * would pin, rename and unpack over each other. Every waiter sees its progress; a waiter that
 * cancels stops waiting, and the download itself stops once no one waits for it.
 */
function joinDownload(info: DatasetInfo, dir: string, opts: EnsureDatasetOptions): Promise<string> {
  let shared = downloads.get(dir);
  if (!shared) {
    const controller = new AbortController();
    const waiting = new Set<EnsureDatasetOptions>();
    const done = downloadInto(info, dir, {
      ...opts,
      signal: controller.signal,
      onProgress: (p) => waiting.forEach((w) => w.onProgress?.(p)),
    });
    const entry: SharedDownload = { done, controller, waiting };
    const forget = () => downloads.get(dir) === entry && downloads.delete(dir);
    done.then(forget, forget);
    downloads.set(dir, (shared = entry));
  }
  const entry = shared;
  entry.waiting.add(opts);
  return new Promise<string>((resolve, reject) => {
    const stopWaiting = () => {
      opts.signal?.removeEventListener('abort', cancel);
      entry.waiting.delete(opts);
    };
    const cancel = () => {
      stopWaiting();
      if (entry.waiting.size === 0) {
        if (downloads.get(dir) === entry) downloads.delete(dir);
        entry.controller.abort();
      }
      reject(new DatasetError(`${info.title}: the download was cancelled`));
    };
    if (opts.signal?.aborted) return cancel();
    opts.signal?.addEventListener('abort', cancel, { once: true });
    entry.done.then(
      (folder) => (stopWaiting(), resolve(folder)),
      (e: unknown) => (stopWaiting(), reject(e)),
    );
  });
}

/** Downloads (and unpacks) what the folder lacks. */
async function downloadInto(info: DatasetInfo, dir: string, opts: EnsureDatasetOptions): Promise<string> {
  await fsp.mkdir(dir, { recursive: true });
  for (const file of info.remote) {
    const wanted = file.extract ?? [file.name];
    if (wanted.every((f) => existsSync(join(dir, f)))) continue;
    const saved = await download(info, file, dir, opts);
    if (file.extract) await extract(file, saved, dir);
  }
  if (!hasFiles(info, dir))
    throw new DatasetError(`${info.title}: files still missing after download: ${missingIn(info, dir).join(', ')}`);
  return dir;
}
