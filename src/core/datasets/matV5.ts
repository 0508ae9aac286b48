/**
 * A minimal reader for MATLAB Level 5 MAT-files (what SVHN's cropped-digits files are): numeric
 * matrices, plain or inside zlib-compressed elements. Cells, structs, sparse and complex data are
 * skipped, and only little-endian files are read — enough for `X` and `y`, with clear errors otherwise.
 */
import { inflateSync } from 'node:zlib';
import { DatasetError } from './types';

/** A numeric MATLAB array: column-major data in the type it was stored as. */
export interface MatArray {
  dims: number[];
  /** MATLAB class number (6 double, 9 uint8, …). */
  classId: number;
  data: ArrayLike<number>;
}

const miINT8 = 1,
  miUINT8 = 2,
  miINT16 = 3,
  miUINT16 = 4,
  miINT32 = 5,
  miUINT32 = 6;
const miSINGLE = 7,
  miDOUBLE = 9,
  miMATRIX = 14,
  miCOMPRESSED = 15;
const numericClasses = new Set([6, 7, 8, 9, 10, 11, 12, 13]);
const complexFlag = 0x0800;
const headerBytes = 128;

interface Element {
  type: number;
  body: Uint8Array;
}

/** Copies the bytes so typed arrays start aligned, then views them as the element's type. */
function numericData(type: number, body: Uint8Array, what: string): ArrayLike<number> {
  const bytes = new Uint8Array(body); // a copy: Buffer#slice would share the (unaligned) pool
  const b = bytes.buffer;
  switch (type) {
    case miINT8:
      return new Int8Array(b);
    case miUINT8:
      return bytes;
    case miINT16:
      return new Int16Array(b, 0, bytes.length >> 1);
    case miUINT16:
      return new Uint16Array(b, 0, bytes.length >> 1);
    case miINT32:
      return new Int32Array(b, 0, bytes.length >> 2);
    case miUINT32:
      return new Uint32Array(b, 0, bytes.length >> 2);
    case miSINGLE:
      return new Float32Array(b, 0, bytes.length >> 2);
    case miDOUBLE:
      return new Float64Array(b, 0, bytes.length >> 3);
    default:
      throw new DatasetError(`${what}: MAT data type ${type} is not supported`);
  }
}

/** Splits a run of data elements; handles the 4-byte "small element" form and 8-byte padding. */
function* elements(buf: Uint8Array, what: string): Generator<Element> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 0;
  while (off + 8 <= buf.length) {
    const first = view.getUint32(off, true);
    if (first >>> 16 !== 0) {
      const size = first >>> 16;
      if (size > 4) throw new DatasetError(`${what}: malformed small data element at byte ${off}`);
      yield { type: first & 0xffff, body: buf.subarray(off + 4, off + 4 + size) };
      off += 8;
      continue;
    }
    const size = view.getUint32(off + 4, true);
    const start = off + 8;
    if (start + size > buf.length)
      throw new DatasetError(`${what}: truncated MAT element at byte ${off} (needs ${size} bytes)`);
    yield { type: first, body: buf.subarray(start, start + size) };
    off = first === miCOMPRESSED ? start + size : start + Math.ceil(size / 8) * 8;
  }
}

function int32s(el: Element): number[] {
  return Array.from(numericData(el.type, el.body, 'dims'));
}

/** Decodes one miMATRIX body; undefined for the classes this reader skips. */
function readMatrix(body: Uint8Array, what: string): { name: string; array: MatArray } | undefined {
  const parts = [...elements(body, what)];
  if (parts.length < 3)
    throw new DatasetError(`${what}: MAT matrix has ${parts.length} sub-elements, expected at least 3`);
  const flags = new DataView(parts[0].body.buffer, parts[0].body.byteOffset, 8).getUint32(0, true);
  const classId = flags & 0xff;
  const name = Buffer.from(parts[2].body).toString('latin1');
  if (!numericClasses.has(classId) || flags & complexFlag || parts.length < 4) return undefined;
  const dims = int32s(parts[1]);
  const data = numericData(parts[3].type, parts[3].body, `${what} (${name})`);
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size)
    throw new DatasetError(`${what}: variable ${name} has ${data.length} values for dims [${dims.join('×')}]`);
  return { name, array: { dims, classId, data } };
}

function collect(buf: Uint8Array, into: Map<string, MatArray>, what: string): void {
  for (const el of elements(buf, what)) {
    if (el.type === miCOMPRESSED) {
      let inflated: Uint8Array;
      try {
        inflated = inflateSync(el.body);
      } catch (e) {
        throw new DatasetError(`${what}: a compressed MAT element does not inflate (${(e as Error).message})`);
      }
      collect(inflated, into, what);
    } else if (el.type === miMATRIX) {
      const m = readMatrix(el.body, what);
      if (m) into.set(m.name, m.array);
    }
  }
}

/** Reads every numeric variable of a Level 5 MAT-file. */
export function readMat(buffer: Uint8Array, what = 'MAT file'): Map<string, MatArray> {
  if (buffer.length < headerBytes) throw new DatasetError(`${what}: too short for a MAT-file header`);
  const text = Buffer.from(buffer.subarray(0, 10)).toString('latin1');
  if (!text.startsWith('MATLAB')) throw new DatasetError(`${what}: not a MATLAB MAT-file (header starts '${text}')`);
  const endian = Buffer.from(buffer.subarray(126, 128)).toString('latin1');
  if (endian === 'MI') throw new DatasetError(`${what}: big-endian MAT-files are not supported`);
  if (endian !== 'IM') throw new DatasetError(`${what}: not a Level 5 MAT-file (v7.3/HDF5 files are not supported)`);
  const vars = new Map<string, MatArray>();
  collect(buffer.subarray(headerBytes), vars, what);
  return vars;
}
