// 128-bit SIMD loops for depthwise convolutions, one filter tap over one row of pixels per call
// (channels innermost, in vectors of 4): the filter gradient's products summed in registers and
// the forward's (or input gradient's) weighted rows added into the output.
import type { FunctionBody } from './wasmAssembler';
import { FunctionBody as Body, valType } from './wasmAssembler';

/**
 * Emits the channel loop of the per-tap kernels: `pass(4)` for each 16 channels while they last,
 * then `pass(1)` for each remaining 4. `c` (a local) counts bytes from 0, advanced after each
 * pass; `channels` (a parameter, in floats) is turned into bytes.
 */
export function overChannels(f: FunctionBody, c: number, channels: number, pass: (width: number) => void): void {
  f.i32(0).set(c);
  f.get(channels).i32(4).mul().set(channels);
  f.block().loop();
  f.get(c).i32(64).add().get(channels).i32(1).add().geS().brIf(1); // c + 64 bytes > channels
  pass(4);
  f.get(c).i32(64).add().set(c);
  f.br(0);
  f.end().end();
  f.block().loop();
  f.get(c).get(channels).geS().brIf(1);
  pass(1);
  f.get(c).i32(16).add().set(c);
  f.br(0);
  f.end().end();
}

/**
 * `dotColumns(x, xStep, dy, dyStep, acc, channels, count)`: acc[c] += Σ_{t < count} x[t·xStep + c] ·
 * dy[t·dyStep + c] for c < channels (a multiple of 4), steps and pointers in bytes. One call is one
 * depthwise filter tap over one output row: the pixels it reads are `count` strided rows of
 * channels, summed in registers, 16 channels at a time while they last, then 4.
 */
export function dotColumnsBody(): FunctionBody {
  const i32 = valType.i32;
  const f = new Body([i32, i32, i32, i32, i32, i32, i32]);
  const [x, xStep, dy, dyStep, acc, channels, count] = [0, 1, 2, 3, 4, 5, 6];
  const [c, t, px, pd, pa] = Array.from({ length: 5 }, () => f.local(i32));
  const sums = Array.from({ length: 4 }, () => f.local(valType.v128));
  // One pass over the count rows for `width` vectors of channels starting at c.
  const pass = (width: number) => {
    for (let v = 0; v < width; v++) f.v128Zero().set(sums[v]);
    f.get(x).get(c).add().set(px);
    f.get(dy).get(c).add().set(pd);
    f.get(count).set(t);
    f.loop();
    for (let v = 0; v < width; v++) {
      f.get(sums[v])
        .get(px)
        .v128Load(16 * v)
        .get(pd)
        .v128Load(16 * v)
        .f32x4Mul()
        .f32x4Add()
        .set(sums[v]);
    }
    f.get(px).get(xStep).add().set(px);
    f.get(pd).get(dyStep).add().set(pd);
    f.get(t).i32(1).sub().tee(t).brIf(0);
    f.end();
    f.get(acc).get(c).add().set(pa);
    for (let v = 0; v < width; v++) {
      f.get(pa)
        .get(pa)
        .v128Load(16 * v)
        .get(sums[v])
        .f32x4Add()
        .v128Store(16 * v);
    }
  };
  overChannels(f, c, channels, pass);
  return f;
}

/**
 * `axpyColumns(out, outStep, x, xStep, w, channels, count)`: out[t·outStep + c] += x[t·xStep + c] ·
 * w[c] for t < count, c < channels (a multiple of 4), steps and pointers in bytes. One call is one
 * depthwise filter tap over one row: forward (out an output row, x the input row at the stride)
 * or input gradient (out the input row at the stride, x a dy row). The tap's weights stay in
 * registers, 16 channels at a time while they last, then 4.
 */
export function axpyColumnsBody(): FunctionBody {
  const i32 = valType.i32;
  const f = new Body([i32, i32, i32, i32, i32, i32, i32]);
  const [out, outStep, x, xStep, w, channels, count] = [0, 1, 2, 3, 4, 5, 6];
  const [c, t, po, px] = Array.from({ length: 4 }, () => f.local(i32));
  const weights = Array.from({ length: 4 }, () => f.local(valType.v128));
  const pass = (width: number) => {
    for (let v = 0; v < width; v++) {
      f.get(w)
        .get(c)
        .add()
        .v128Load(16 * v)
        .set(weights[v]);
    }
    f.get(out).get(c).add().set(po);
    f.get(x).get(c).add().set(px);
    f.get(count).set(t);
    f.loop();
    for (let v = 0; v < width; v++) {
      f.get(po)
        .get(po)
        .v128Load(16 * v)
        .get(px)
        .v128Load(16 * v)
        .get(weights[v])
        .f32x4Mul()
        .f32x4Add()
        .v128Store(16 * v);
    }
    f.get(po).get(outStep).add().set(po);
    f.get(px).get(xStep).add().set(px);
    f.get(t).i32(1).sub().tee(t).brIf(0);
    f.end();
  };
  overChannels(f, c, channels, pass);
  return f;
}
