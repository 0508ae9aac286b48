/** Writers for small dataset files in each real format, so the readers are tested on files the tests make. */
import { deflateSync } from 'node:zlib';

/** An IDX unsigned-byte file (MNIST's format). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** CIFAR binary records: label byte(s) then planar R, G, B from HWC pixels. */
export function encodeCifar(images: Uint8Array, labels: number[][], side = 32): Uint8Array {
  const plane = side * side;
  const labelBytes = labels[0].length;
  const rec = labelBytes + 3 * plane;
  const out = new Uint8Array(labels.length * rec);
  labels.forEach((ls, n) => {
    out.set(ls, n * rec);
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < 3; c++) out[n * rec + labelBytes + c * plane + p] = images[(n * plane + p) * 3 + c];
  });
  return out;
}

function pad8(b: Buffer): Buffer {
  const extra = (8 - (b.length % 8)) % 8;
  return Buffer.concat([b, Buffer.alloc(extra)]);
}

function element(type: number, body: Buffer, small = false): Buffer {
  const tag = Buffer.alloc(8);
  if (small && body.length <= 4) {
    tag.writeUInt32LE(((body.length << 16) | type) >>> 0, 0);
    body.copy(tag, 4);
    return tag;
  }
  tag.writeUInt32LE(type, 0);
  tag.writeUInt32LE(body.length, 4);
  return Buffer.concat([tag, pad8(body)]);
}

/** A numeric variable for `encodeMat`: MATLAB class id, MAT storage type id and column-major values. */
export interface MatVar {
  name: string;
  dims: number[];
  classId: number;
  storage: 'uint8' | 'double';
  values: ArrayLike<number>;
}

function matrix(v: MatVar): Buffer {
  const flags = Buffer.alloc(8);
  flags.writeUInt32LE(v.classId, 0);
  const dims = Buffer.alloc(4 * v.dims.length);
  v.dims.forEach((d, i) => dims.writeInt32LE(d, 4 * i));
  const data =
    v.storage === 'uint8' ? Buffer.from(Uint8Array.from(v.values)) : Buffer.from(Float64Array.from(v.values).buffer);
  const body = Buffer.concat([
    element(6, flags),
    element(5, dims),
    element(1, Buffer.from(v.name, 'latin1'), true),
    element(v.storage === 'uint8' ? 2 : 9, data),
  ]);
  return element(14, body);
}

/** miCOMPRESSED: a tag and the zlib stream, unpadded (the next element follows at once). */
function compressed(inner: Buffer): Buffer {
  const zipped = deflateSync(inner);
  const tag = Buffer.alloc(8);
  tag.writeUInt32LE(15, 0);
  tag.writeUInt32LE(zipped.length, 4);
  return Buffer.concat([tag, zipped]);
}

/** A Level 5 MAT-file; `compress` wraps each variable in a zlib miCOMPRESSED element as MATLAB does. */
export function encodeMat(vars: MatVar[], compress: boolean): Uint8Array {
  const header = Buffer.alloc(128, 0x20);
  header.write('MATLAB 5.0 MAT-file, written by the NNGPT tests', 0, 'latin1');
  header.fill(0, 116, 124);
  header.writeUInt16LE(0x0100, 124);
  header.write('IM', 126, 'latin1');
  const parts = vars.map((v) => (compress ? compressed(matrix(v)) : matrix(v)));
  return Buffer.concat([header, ...parts]);
}

/** A ustar archive of regular files (CIFAR ships its binaries in one). */
export function encodeTar(files: [string, Uint8Array][]): Uint8Array {
  const parts: Buffer[] = [];
  for (const [name, data] of files) {
    const h = Buffer.alloc(512);
    h.write(name, 0, 'latin1');
    h.write('0000644\0', 100, 'latin1');
    h.write('0000000\0', 108, 'latin1');
    h.write('0000000\0', 116, 'latin1');
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
    h.write('00000000000\0', 136, 'latin1');
    h.write('        ', 148, 'latin1');
    h.write('0', 156, 'latin1');
    h.write('ustar\0' + '00', 257, 'latin1');
    const sum = h.reduce((a, b) => a + b, 0);
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    parts.push(h, Buffer.from(data), Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return Buffer.concat([...parts, Buffer.alloc(1024)]);
}
