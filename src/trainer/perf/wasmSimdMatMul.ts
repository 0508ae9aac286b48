// A 128-bit SIMD matrix product for matrices TF.js's wasm BatchMatMul only has a scalar loop for:
// batched right-hand operands (attention's Q·Kᵀ and P·V and their gradients). XNNPACK's GEMM needs
// one shared weight matrix per call, and per-matrix XNNPACK calls repack every time. On one thread
// it also beats transpose + XNNPACK for the dense layers' products.
import type { FunctionBody } from './wasmAssembler';
import { FunctionBody as Body, valType } from './wasmAssembler';

/** Rows and columns of the register tile: 4 rows × 2 vectors of 4 = 8 accumulators. */
export const tileRows = 4;
export const tileCols = 8;

/**
 * `matmul(a, aRowStride, aColStride, b, bRowStride, out, outRowStride, m, k, n, accumulate)`, every
 * pointer and stride in bytes: out[i, j] = Σ_k a[i, k] · b[k, j] (plus out's own value where
 * `accumulate` ≠ 0: the caller splits a long k into cache-sized panels) for an m×k `a` at any
 * strides (a transposed operand is a stride swap), a k×n `b` with contiguous rows, and an m×n
 * `out` with contiguous rows. Needs m ≥ 4, n ≥ 8, k ≥ 1. The last row and column tiles start at m − 4 and n − 8, overlapping
 * the tile before them: they recompute a few outputs and store the same values, so no edge loop is needed.
 */
export function matMulBody(): FunctionBody {
  const i32 = valType.i32;
  const f = new Body(new Array<number>(11).fill(i32));
  const [a, aRs, aCs, b, bRs, out, outRs, m, k, n, accumulate] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [i, j, i0, j0, kk, pa, pb, po, lastI, lastJ, aRs2, aRs3] = Array.from({ length: 12 }, () => f.local(i32));
  const acc = Array.from({ length: 8 }, () => f.local(valType.v128));
  const [b0, b1, x] = [f.local(valType.v128), f.local(valType.v128), f.local(valType.v128)];

  f.get(m).i32(tileRows).sub().set(lastI);
  f.get(n).i32(tileCols).sub().set(lastJ);
  f.get(aRs).get(aRs).add().set(aRs2);
  f.get(aRs2).get(aRs).add().set(aRs3);
  f.i32(0).set(i);
  f.block().loop(); // rows
  {
    // i0 = min(i, m − 4)
    f.get(i).get(lastI).get(i).get(lastI).ltS().select().set(i0);
    f.i32(0).set(j);
    f.block().loop(); // column tiles
    {
      f.get(j).get(lastJ).get(j).get(lastJ).ltS().select().set(j0);
      f.get(out).get(i0).get(outRs).mul().add().get(j0).i32(4).mul().add().set(po);
      f.get(accumulate).eqz().if();
      for (const v of acc) f.v128Zero().set(v);
      f.else();
      for (let r = 0; r < tileRows; r++) {
        const row = () => (r === 0 ? f.get(po) : f.get(po).get(outRs).i32(r).mul().add());
        row()
          .v128Load()
          .set(acc[2 * r]);
        row()
          .v128Load(16)
          .set(acc[2 * r + 1]);
      }
      f.end();
      f.get(a).get(i0).get(aRs).mul().add().set(pa);
      f.get(b).get(j0).i32(4).mul().add().set(pb);
      f.get(k).set(kk);
      f.loop(); // inner dimension
      {
        f.get(pb).v128Load().set(b0);
        f.get(pb).v128Load(16).set(b1);
        const rowOffsets = [undefined, aRs, aRs2, aRs3];
        rowOffsets.forEach((offset, r) => {
          f.get(pa);
          if (offset !== undefined) f.get(offset).add();
          f.v128Load32Splat().set(x);
          f.get(acc[2 * r])
            .get(x)
            .get(b0)
            .f32x4Mul()
            .f32x4Add()
            .set(acc[2 * r]);
          f.get(acc[2 * r + 1])
            .get(x)
            .get(b1)
            .f32x4Mul()
            .f32x4Add()
            .set(acc[2 * r + 1]);
        });
        f.get(pa).get(aCs).add().set(pa);
        f.get(pb).get(bRs).add().set(pb);
        f.get(kk).i32(1).sub().tee(kk).brIf(0);
      }
      f.end();
      for (let r = 0; r < tileRows; r++) {
        if (r > 0) f.get(po).get(outRs).add().set(po);
        f.get(po)
          .get(acc[2 * r])
          .v128Store();
        f.get(po)
          .get(acc[2 * r + 1])
          .v128Store(16);
      }
      f.get(j0).get(lastJ).geS().brIf(1);
      f.get(j).i32(tileCols).add().set(j);
      f.br(0);
    }
    f.end().end();
    f.get(i0).get(lastI).geS().brIf(1);
    f.get(i).i32(tileRows).add().set(i);
    f.br(0);
  }
  f.end().end();
  return f;
}

/**
 * `transpose(src, dst, rows, cols)`: dst (cols×rows) = srcᵀ for a row-major rows×cols src, both
 * pointers in bytes. Packs a transposed right-hand operand one matrix at a time into a buffer
 * that stays in cache, for `matmul`'s contiguous rows. Needs rows, cols ≥ 1.
 */
export function transposeBody(): FunctionBody {
  const i32 = valType.i32;
  const f = new Body([i32, i32, i32, i32]);
  const [src, dst, rows, cols] = [0, 1, 2, 3];
  const [r, c, from, to, dstStride] = Array.from({ length: 5 }, () => f.local(i32));
  f.get(rows).i32(4).mul().set(dstStride);
  f.get(src).set(from);
  f.get(rows).set(r);
  f.loop(); // rows of src
  {
    // to = dst + (rows − r) · 4: column (rows − r) of dst's first row
    f.get(dst).get(rows).get(r).sub().i32(4).mul().add().set(to);
    f.get(cols).set(c);
    f.loop();
    {
      f.get(to).get(from).f32Load().f32Store();
      f.get(from).i32(4).add().set(from);
      f.get(to).get(dstStride).add().set(to);
      f.get(c).i32(1).sub().tee(c).brIf(0);
    }
    f.end();
    f.get(r).i32(1).sub().tee(r).brIf(0);
  }
  f.end();
  return f;
}
