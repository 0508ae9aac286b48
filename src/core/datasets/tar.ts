/** Pulls named members out of an uncompressed tar archive (CIFAR ships as .tar.gz). */
import { DatasetError } from './types';

const block = 512;

function field(header: Uint8Array, start: number, length: number): string {
  const raw = Buffer.from(header.subarray(start, start + length)).toString('latin1');
  const nul = raw.indexOf('\0');
  return (nul < 0 ? raw : raw.slice(0, nul)).trim();
}

/** Returns the members whose base name is in `wanted`, keyed by base name. */
export function extractTarMembers(
  archive: Uint8Array,
  wanted: string[],
  what = 'tar archive',
): Map<string, Uint8Array> {
  const found = new Map<string, Uint8Array>();
  let off = 0;
  while (off + block <= archive.length) {
    const header = archive.subarray(off, off + block);
    if (header.every((b) => b === 0)) break;
    const name = field(header, 345, 155)
      ? `${field(header, 345, 155)}/${field(header, 0, 100)}`
      : field(header, 0, 100);
    const size = parseInt(field(header, 124, 12) || '0', 8);
    const typeFlag = String.fromCharCode(header[156] || 0x30);
    if (Number.isNaN(size)) throw new DatasetError(`${what}: bad size field in the header of '${name}'`);
    const start = off + block;
    if (start + size > archive.length) throw new DatasetError(`${what}: member '${name}' is truncated`);
    const base = name.split('/').pop() ?? name;
    if ((typeFlag === '0' || typeFlag === '\0') && wanted.includes(base))
      found.set(base, archive.subarray(start, start + size));
    off = start + Math.ceil(size / block) * block;
  }
  const missing = wanted.filter((w) => !found.has(w));
  if (missing.length > 0) throw new DatasetError(`${what}: missing member(s) ${missing.join(', ')}`);
  return found;
}
