// Batch norm's forward as a 128-bit SIMD loop: per-channel mean, multiplier and offset in
// registers, channels innermost.
import type { FunctionBody } from './wasmAssembler';
import { FunctionBody as Body, valType } from './wasmAssembler';
import { overChannels } from './wasmSimdDepthwise';

/**
 * `normalize(x, out, params, channels, count)`: out[t, c] = (x[t, c] − mean[c]) · scale[c] +
 * offset[c] over `count` rows of `channels` floats (a multiple of 4), with `params` holding mean,
 * scale (γ/σ) and offset, `channels` floats each; pointers in bytes.
 */
export function normalizeBody(): FunctionBody {
  const i32 = valType.i32;
  const f = new Body([i32, i32, i32, i32, i32]);
  const [x, out, params, channels, count] = [0, 1, 2, 3, 4];
  const [c, t, px, po, stride] = Array.from({ length: 5 }, () => f.local(i32));
  const mean = Array.from({ length: 4 }, () => f.local(valType.v128));
  const scale = Array.from({ length: 4 }, () => f.local(valType.v128));
  const offset = Array.from({ length: 4 }, () => f.local(valType.v128));
  f.get(channels).i32(4).mul().set(stride);
  const pass = (width: number) => {
    for (let v = 0; v < width; v++) {
      f.get(params)
        .get(c)
        .add()
        .v128Load(16 * v)
        .set(mean[v]);
      f.get(params)
        .get(c)
        .add()
        .get(stride)
        .add()
        .v128Load(16 * v)
        .set(scale[v]);
      f.get(params)
        .get(c)
        .add()
        .get(stride)
        .add()
        .get(stride)
        .add()
        .v128Load(16 * v)
        .set(offset[v]);
    }
    f.get(x).get(c).add().set(px);
    f.get(out).get(c).add().set(po);
    f.get(count).set(t);
    f.loop();
    for (let v = 0; v < width; v++) {
      f.get(po)
        .get(px)
        .v128Load(16 * v)
        .get(mean[v])
        .f32x4Sub()
        .get(scale[v])
        .f32x4Mul()
        .get(offset[v])
        .f32x4Add()
        .v128Store(16 * v);
    }
    f.get(px).get(stride).add().set(px);
    f.get(po).get(stride).add().set(po);
    f.get(t).i32(1).sub().tee(t).brIf(0);
    f.end();
  };
  overChannels(f, c, channels, pass);
  return f;
}
