// Row-block copies between a tensor and its pieces along one axis, for Concat and SplitV on the
// wasm heap. View every tensor as [outer, inner] (inner = the axis and everything after it):
// piece k owns columns [offset_k, offset_k + inner_k) of the whole. The stock kernels copy each
// row through TypedArray.set on a fresh subarray (~0.1 µs of overhead per row: a DenseNet
// concatenating 12-channel maps at 64×28×28 copies 50 000 rows per piece); short rows here go
// through a plain loop instead.

/** Below this many elements a row is copied element by element. */
const shortRow = 64;

/** Copies `whole` ([outer, Σ inner]) into `pieces` (each [outer, inner_k]). */
export function splitRows<T extends Int32Array | Uint8Array>(
  whole: T,
  pieces: T[],
  inners: number[],
  outer: number,
): void {
  const total = inners.reduce((s, n) => s + n, 0);
  let offset = 0;
  pieces.forEach((piece, k) => {
    const inner = inners[k];
    for (let r = 0; r < outer; r++) {
      const from = r * total + offset;
      const to = r * inner;
      if (inner < shortRow) {
        for (let i = 0; i < inner; i++) piece[to + i] = whole[from + i];
      } else {
        piece.set(whole.subarray(from, from + inner), to);
      }
    }
    offset += inner;
  });
}

/** Copies `pieces` (each [outer, inner_k]) into `whole` ([outer, Σ inner]). */
export function joinRows<T extends Int32Array | Uint8Array>(
  pieces: T[],
  whole: T,
  inners: number[],
  outer: number,
): void {
  const total = inners.reduce((s, n) => s + n, 0);
  let offset = 0;
  pieces.forEach((piece, k) => {
    const inner = inners[k];
    for (let r = 0; r < outer; r++) {
      const from = r * inner;
      const to = r * total + offset;
      if (inner < shortRow) {
        for (let i = 0; i < inner; i++) whole[to + i] = piece[from + i];
      } else {
        whole.set(piece.subarray(from, from + inner), to);
      }
    }
    offset += inner;
  });
}
