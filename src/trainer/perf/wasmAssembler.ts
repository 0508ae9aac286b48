// A small WebAssembly binary writer: enough of the format (types, one imported memory, exported
// functions, i32 and 128-bit SIMD instructions) to hand-write the few kernels TF.js's shipped
// binary lacks a fast path for. TF.js's wasm module cannot be rebuilt here, but a second module
// can import its memory and work on tensors in place.

/** Value types of the instructions used. */
export const valType = { i32: 0x7f, f32: 0x7d, v128: 0x7b } as const;

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32 constants). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  return vec([...s].map((c) => [c.charCodeAt(0)]));
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/**
 * One function body under construction. Methods append instructions and return `this`, so a
 * kernel reads as its instruction sequence; locals are numbered after the parameters.
 */
export class FunctionBody {
  readonly code: number[] = [];
  private readonly locals: number[] = [];

  constructor(readonly params: number[]) {}

  /** Declares a local of `type`; returns its index. */
  local(type: number): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  private simd(opcode: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...imm);
  }

  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.op(0x22, ...uleb(i));
  }
  i32(n: number): this {
    return this.op(0x41, ...sleb(n));
  }
  add(): this {
    return this.op(0x6a);
  }
  sub(): this {
    return this.op(0x6b);
  }
  mul(): this {
    return this.op(0x6c);
  }
  ltS(): this {
    return this.op(0x48);
  }
  geS(): this {
    return this.op(0x4e);
  }
  eqz(): this {
    return this.op(0x45);
  }
  /** Pops cond, b, a; pushes cond ≠ 0 ? a : b. */
  select(): this {
    return this.op(0x1b);
  }
  /** `block` with no result; branch depth 0 inside jumps past its `end`. */
  block(): this {
    return this.op(0x02, 0x40);
  }
  /** `loop` with no result; branch depth 0 inside jumps back to its start. */
  loop(): this {
    return this.op(0x03, 0x40);
  }
  /** `if` with no result: pops the condition. */
  if(): this {
    return this.op(0x04, 0x40);
  }
  else(): this {
    return this.op(0x05);
  }
  end(): this {
    return this.op(0x0b);
  }
  br(depth: number): this {
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }
  /** f32.load at the address on the stack plus `offset` bytes. */
  f32Load(offset = 0): this {
    return this.op(0x2a, 2, ...uleb(offset));
  }
  /** f32.store: pops value, address. */
  f32Store(offset = 0): this {
    return this.op(0x38, 2, ...uleb(offset));
  }
  v128Load(offset = 0): this {
    return this.simd(0x00, 2, ...uleb(offset));
  }
  /** One f32 from memory into all four lanes. */
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09, 2, ...uleb(offset));
  }
  /** v128.store: pops value, address. */
  v128Store(offset = 0): this {
    return this.simd(0x0b, 2, ...uleb(offset));
  }
  v128Zero(): this {
    return this.simd(0x0c, ...new Array<number>(16).fill(0));
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  /** Lane-wise a ≥ b: all ones where true. */
  f32x4Ge(): this {
    return this.simd(0x46);
  }
  /** Lane-wise a ≤ b: all ones where true. */
  f32x4Le(): this {
    return this.simd(0x45);
  }
  v128And(): this {
    return this.simd(0x4e);
  }

  /** The encoded body: local declarations, instructions, end. */
  encode(): number[] {
    const groups: number[][] = [];
    for (const type of this.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === type) last[0]++;
      else groups.push([1, type]);
    }
    const body = [...vec(groups.map(([count, type]) => [...uleb(count), type])), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

/** A function to export: its name and body (no results: kernels write to memory). */
export interface ExportedFunction {
  name: string;
  body: FunctionBody;
}

/**
 * A module importing `env.memory` and exporting `functions`. `shared` declares the import as
 * shared memory (TF.js's threaded build), with the largest maximum so any such memory fits.
 */
export function assembleModule(functions: readonly ExportedFunction[], shared: boolean): Uint8Array {
  const types = section(1, vec(functions.map((f) => [0x60, ...vec(f.body.params.map((p) => [p])), ...uleb(0)])));
  const limits = shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = section(2, vec([[...name('env'), ...name('memory'), 0x02, ...limits]]));
  const funcs = section(3, vec(functions.map((_, i) => uleb(i))));
  const exports = section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])));
  const code = section(10, vec(functions.map((f) => f.body.encode())));
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...types,
    ...imports,
    ...funcs,
    ...exports,
    ...code,
  ]);
}
