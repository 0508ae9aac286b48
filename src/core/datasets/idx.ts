/** Reader for the IDX format MNIST and Fashion-MNIST ship in (big-endian header, then raw bytes). */
import { DatasetError } from './types';

/** An IDX array: its dimensions and its unsigned-byte payload. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const ubyteType = 0x08;

/** Parses an uncompressed IDX buffer holding unsigned bytes (type 0x08). */
export function parseIdx(buffer: Uint8Array, what = 'IDX file'): IdxArray {
  if (buffer.length < 4 || buffer[0] !== 0 || buffer[1] !== 0) {
    throw new DatasetError(`${what}: not an IDX file (bad magic number)`);
  }
  if (buffer[2] !== ubyteType) {
    throw new DatasetError(
      `${what}: IDX element type 0x${buffer[2].toString(16)} is not supported (only unsigned bytes)`,
    );
  }
  const rank = buffer[3];
  const headerBytes = 4 + 4 * rank;
  if (rank === 0 || buffer.length < headerBytes) throw new DatasetError(`${what}: truncated IDX header`);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (buffer.length - headerBytes < size) {
    throw new DatasetError(
      `${what}: expected ${size} bytes of data for dims [${dims.join(', ')}], found ${buffer.length - headerBytes}`,
    );
  }
  return { dims, data: buffer.subarray(headerBytes, headerBytes + size) };
}
