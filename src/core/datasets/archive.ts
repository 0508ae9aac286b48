/** Writing dataset files safely and unpacking a dataset's .tar.gz, shared by the downloader and a user's data folder. */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extractTarMembers } from './tar';
import type { RemoteFile } from './types';

/** Writes through a temp file and a rename, so readers see the old or the new file, never half. */
export async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await fsp.writeFile(tmp, data);
  await fsp.rename(tmp, path);
}

/** Writes the members `file.extract` names from the .tar.gz at `archivePath` into `dir` (flattened); the archive stays. */
export async function extractArchive(file: RemoteFile, archivePath: string, dir: string): Promise<void> {
  const members = extractTarMembers(gunzipSync(await fsp.readFile(archivePath)), file.extract ?? [], file.name);
  for (const [name, data] of members) await writeAtomic(join(dir, name), data);
}

/** The MD5 of a file, streamed. */
export async function md5OfFile(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
