/**
 * A data folder the user points at (`nngpt.training.dataDir`, `--data-dir`), read the ways people
 * hold a dataset: the files themselves, the same in `<id>/`, the folder an archive extracts to
 * (`cifar-10-batches-bin/`) or its parent, or the published archive (`cifar-10-binary.tar.gz`)
 * given directly or lying in the folder. An archive is checked against its published MD5 and
 * unpacked into the cache, never into the user's folder, which is only read.
 */
import { existsSync, promises as fsp, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { extractArchive, md5OfFile } from './archive';
import type { DatasetInfo, RemoteFile } from './types';
import { DatasetError } from './types';

/** Every file the dataset's reader needs. */
export function neededFiles(info: DatasetInfo): string[] {
  return [...info.trainFiles, ...info.testFiles];
}

/** Whether `dir` holds every file the reader needs. */
export function hasFiles(info: DatasetInfo, dir: string): boolean {
  return neededFiles(info).every((f) => existsSync(join(dir, f)));
}

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** Folders that may hold the files themselves, in the order they are tried. */
function folderCandidates(info: DatasetInfo, root: string): string[] {
  const extracted = info.remote.flatMap((r) => (r.extractedDir ? [r.extractedDir] : []));
  return [
    ...new Set([join(root, info.id), root, ...extracted.flatMap((d) => [join(root, d), join(root, info.id, d)])]),
  ];
}

/** The dataset's archives (remote files with members to extract). */
const archivesOf = (info: DatasetInfo): RemoteFile[] => info.remote.filter((r) => r.extract);

/** Where an archive may lie: `dataDir` itself when it is the archive, else in the folder or `<id>/`. */
function archiveCandidates(file: RemoteFile, dataDir: string, id: string): string[] {
  if (!isDir(dataDir)) return basename(dataDir) === file.name ? [dataDir] : [];
  return [join(dataDir, file.name), join(dataDir, id, file.name)];
}

/** The sentence that says what was looked for where, for the error and the download hint. */
export function whatToPointAt(info: DatasetInfo): string {
  const archives = archivesOf(info);
  if (archives.length === 0) return `a folder with ${neededFiles(info).join(', ')}`;
  const extracted = archives.flatMap((a) => (a.extractedDir ? [`${a.extractedDir}/`] : []));
  return `${archives.map((a) => a.name).join(', ')}, a folder holding it, its extracted folder${extracted.length ? ` (${extracted.join(', ')})` : ''} or that folder's parent`;
}

/** Unpacks a user's archive into `cacheDir/<id>` after checking it is the published file. */
async function fromArchive(
  info: DatasetInfo,
  file: RemoteFile,
  archivePath: string,
  cacheDir: string,
): Promise<string> {
  const dir = join(cacheDir, info.id);
  if (hasFiles(info, dir)) return dir;
  const md5 = await md5OfFile(archivePath);
  if (md5 !== file.md5)
    throw new DatasetError(
      `${archivePath} is not the published ${file.name}: md5 ${md5}, published ${file.md5} (an incomplete download?)`,
    );
  await fsp.mkdir(dir, { recursive: true });
  await extractArchive(file, archivePath, dir);
  if (!hasFiles(info, dir))
    throw new DatasetError(
      `${archivePath}: ${neededFiles(info)
        .filter((f) => !existsSync(join(dir, f)))
        .join(', ')} still missing after extracting`,
    );
  return dir;
}

/** The folder holding the dataset's files for a user-given `dataDir`, unpacking an archive into `cacheDir` when that is what it holds. */
export async function resolveDataDir(info: DatasetInfo, dataDir: string, cacheDir: string): Promise<string> {
  const folders = isDir(dataDir) ? folderCandidates(info, dataDir) : [];
  const found = folders.find((d) => hasFiles(info, d));
  if (found) return found;
  for (const file of archivesOf(info)) {
    const archive = archiveCandidates(file, dataDir, info.id).find((p) => existsSync(p) && statSync(p).isFile());
    if (archive) return fromArchive(info, file, archive, cacheDir);
  }
  const lookedIn = folders.length > 0 ? folders : [dirname(dataDir)];
  const archives = archivesOf(info).map((a) => a.name);
  throw new DatasetError(
    `data folder ${dataDir} lacks ${info.title} files: looked for ${neededFiles(info).join(', ')} in ${lookedIn.join(', ')}` +
      `${archives.length ? `, and for ${archives.join(', ')} there` : ''}. Point it at ${whatToPointAt(info)}.`,
  );
}
