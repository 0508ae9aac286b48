// ReLU6's (clipByValue's) gradient as a 128-bit SIMD loop: compare, mask, store.
import type { FunctionBody } from './wasmAssembler';
import { FunctionBody as Body, valType } from './wasmAssembler';

/**
 * `clipGrad(x, dy, dx, count, min, max)`: dx = dy where min ≤ x ≤ max, else 0, for `count` floats
 * (a multiple of 4; pointers in bytes). A NaN x compares false and gives 0, as TF.js's does.
 */
export function clipGradBody(): FunctionBody {
  const { i32, f32, v128 } = valType;
  const f = new Body([i32, i32, i32, i32, f32, f32]);
  const [x, dy, dx, count, min, max] = [0, 1, 2, 3, 4, 5];
  const [lo, hi, v] = [f.local(v128), f.local(v128), f.local(v128)];
  const [end] = [f.local(i32)];
  f.get(min).f32x4Splat().set(lo);
  f.get(max).f32x4Splat().set(hi);
  f.get(x).get(count).i32(4).mul().add().set(end);
  f.block().loop();
  f.get(x).get(end).geS().brIf(1);
  f.get(x).v128Load().set(v);
  f.get(dx).get(dy).v128Load().get(v).get(lo).f32x4Ge().get(v).get(hi).f32x4Le().v128And().v128And().v128Store();
  f.get(x).i32(16).add().set(x);
  f.get(dy).i32(16).add().set(dy);
  f.get(dx).i32(16).add().set(dx);
  f.br(0);
  f.end().end();
  return f;
}
