/**
 * Crash-safe replacement of a file: a killed process leaves the old or the new bytes, never a mix.
 * The temp file lives in the same directory so the rename cannot cross file systems.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

let counter = 0;

/** The prefix of this store's temp files, so an opener can remove leftovers of a killed writer. */
export function tempPrefix(target: string): string {
  return `${path.basename(target)}.tmp-`;
}

/** Writes `bytes` to a temp file, fsyncs it, renames it over `target`, then fsyncs the directory. */
export async function writeFileAtomic(target: string, bytes: Uint8Array): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `${tempPrefix(target)}${process.pid}-${counter++}`);
  const handle = await fsp.open(temp, 'w', 0o644);
  try {
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, target);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable. Some platforms (Windows) cannot open a directory; the rename is still atomic there. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Directory fsync is unsupported here; atomicity of the rename does not depend on it.
  } finally {
    await handle?.close();
  }
}

/** Removes temp files a killed writer left beside `target`. Call only while holding the write lock. */
export async function removeStaleTemps(target: string): Promise<void> {
  const dir = path.dirname(target);
  const prefix = tempPrefix(target);
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => fsp.rm(path.join(dir, n), { force: true })));
}
