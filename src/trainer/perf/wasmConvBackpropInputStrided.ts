// The input gradient of a strided convolution on XNNPACK, for Conv2DBackpropInput (stride > 1).
// The stock wasm kernel is a scalar loop (≈ 1 GFLOP/s: 0.3 s per ResNet downsampling layer at
// batch 64). Split dx by phase: rows p with (p + top) mod s = ρ receive only taps i ≡ ρ (mod s),
// so each phase is a stride-1 convolution of dy with the sub-filter of those taps, flipped and
// with its channel axes swapped — s² XNNPACK convolutions, exactly the forward's work in total —
// whose outputs interleave into dx. Along one axis, with u = p + top = s·m + ρ and taps
// i = ρ + s·k (k < K):  dx[p] = Σ_k dy[m − k]·W[ρ + s·k] = Σ_k' dy[m − (K−1) + k']·W[ρ + s·(K−1−k')].
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { f32View, free, makeOutput, runKernel } from './wasmKernelRun';

type Backend = Parameters<KernelFunc>[0]['backend'];

/** Fewer input channels than this keep the stock kernel. */
const minChannels = 8;

/** One axis of one phase: its taps (forward filter indices, in the flipped order) and where its rows go. */
export interface AxisPhase {
  /** Forward filter indices, flipped: taps[k'] = ρ + s·(K−1−k'). */
  taps: number[];
  /** First m of the phase (dx index s·m + ρ − top), and how many rows it has. */
  first: number;
  count: number;
  /** Zero padding of dy before and after, for the stride-1 convolution. */
  padBefore: number;
  padAfter: number;
  /** dx index of output row 0, and the step between rows (the stride). */
  dxStart: number;
}

/** The phases of one axis: input size `size`, dy size `outSize`, filter size `filter`, stride, top padding. */
export function axisPhases(size: number, outSize: number, filter: number, stride: number, top: number): AxisPhase[] {
  const phases: AxisPhase[] = [];
  for (let rho = 0; rho < stride; rho++) {
    const K = rho < filter ? Math.ceil((filter - rho) / stride) : 0;
    const first = Math.ceil((top - rho) / stride);
    const last = Math.floor((size - 1 + top - rho) / stride);
    const count = Math.max(0, last - first + 1);
    const taps = Array.from({ length: K }, (_, k) => rho + stride * (K - 1 - k));
    phases.push({
      taps,
      first,
      count,
      padBefore: K - 1 - first,
      padAfter: count + first - outSize,
      dxStart: stride * first + rho - top,
    });
  }
  return phases;
}

/** True when every phase's convolution needs no cropping of dy (negative padding). */
export function phasesFit(phases: AxisPhase[]): boolean {
  return phases.every((p) => p.taps.length === 0 || p.count === 0 || (p.padBefore >= 0 && p.padAfter >= 0));
}

/** The sub-filter of one phase, [Kh, Kw, outC, inC]: W's taps for the phase, channel axes swapped. */
function subFilter(w: Float32Array, filterShape: number[], rows: number[], cols: number[], out: Float32Array): void {
  const [, fw, inC, outC] = filterShape;
  let at = 0;
  for (const i of rows) {
    for (const j of cols) {
      const tap = (i * fw + j) * inC * outC;
      for (let o = 0; o < outC; o++) for (let c = 0; c < inC; c++) out[at++] = w[tap + c * outC + o];
    }
  }
}

/**
 * dx of a stride (sh, sw) NHWC convolution, or undefined when a phase would need dy cropped or
 * the input has few channels (the caller keeps the stock kernel then).
 */
export function stridedBackpropInput(
  backend: Backend,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: number[],
  strides: [number, number],
  padTop: number,
  padLeft: number,
): TensorInfo | undefined {
  const [batch, height, width, inC] = inputShape;
  const [fh, fw, , outC] = filter.shape;
  // With few input channels each phase is a GEMM with a handful of columns, and the stock loop's
  // little work wins (a 1-channel 2×2 stem: 9 ms by phases vs 5 ms stock).
  if (inC < minChannels) return undefined;
  const rowPhases = axisPhases(height, dy.shape[1], fh, strides[0], padTop);
  const colPhases = axisPhases(width, dy.shape[2], fw, strides[1], padLeft);
  if (!phasesFit(rowPhases) || !phasesFit(colPhases)) return undefined;
  const dx = makeOutput(backend, inputShape);
  f32View(backend, dx).fill(0);
  for (const r of rowPhases) {
    for (const c of colPhases) {
      if (r.taps.length === 0 || c.taps.length === 0 || r.count === 0 || c.count === 0) continue;
      const taps = makeOutput(backend, [r.taps.length, c.taps.length, outC, inC]);
      subFilter(f32View(backend, filter), filter.shape, r.taps, c.taps, f32View(backend, taps));
      const conv = {
        strides: [1, 1],
        pad: [
          [0, 0],
          [r.padBefore, r.padAfter],
          [c.padBefore, c.padAfter],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      };
      const part = runKernel(backend, 'Conv2D', { x: dy, filter: taps }, conv as unknown as NamedAttrMap);
      const src = f32View(backend, part);
      const out = f32View(backend, dx);
      for (let b = 0; b < batch; b++) {
        for (let m = 0; m < r.count; m++) {
          const p = r.dxStart + m * strides[0];
          for (let n = 0; n < c.count; n++) {
            const q = c.dxStart + n * strides[1];
            const from = ((b * r.count + m) * c.count + n) * inC;
            const to = ((b * height + p) * width + q) * inC;
            // Rows of a few channels copy faster element by element than through subarray + set.
            if (inC < 64) for (let k = 0; k < inC; k++) out[to + k] = src[from + k];
            else out.set(src.subarray(from, from + inC), to);
          }
        }
      }
      free(backend, taps, part);
    }
  }
  return dx;
}
