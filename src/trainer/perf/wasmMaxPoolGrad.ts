// MaxPoolGrad for the wasm backend, in JS over the wasm heap. The stock C kernel takes 18 ms
// for the reference CNN's first pool (64×28×28×16) — more than its forward conv; one pass that
// finds each window's first maximum and routes dy there takes a few. Ties go to the first
// maximum in window order, as TF.js's cpu backend and TensorFlow do.
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { f32View, makeOutput } from './wasmKernelRun';

interface PoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: unknown;
  dimRoundingMode?: unknown;
}

/** The common 2×2, stride-2, unpadded pool: four fixed cells per window, no bounds or scratch arrays. */
function pool2x2(
  x: Float32Array,
  g: Float32Array,
  dx: Float32Array,
  shape: number[],
  outHeight: number,
  outWidth: number,
): void {
  const [batch, height, width, channels] = shape;
  const rowStride = width * channels;
  let gi = 0;
  for (let b = 0; b < batch; b++) {
    for (let yo = 0; yo < outHeight; yo++) {
      const rowBase = (b * height + 2 * yo) * rowStride;
      for (let xo = 0; xo < outWidth; xo++) {
        const cell = rowBase + 2 * xo * channels;
        for (let c = 0; c < channels; c++, gi++) {
          const p0 = cell + c;
          const p1 = p0 + channels;
          const p2 = p0 + rowStride;
          const p3 = p2 + channels;
          let at = p0;
          let best = x[p0];
          if (x[p1] > best) {
            best = x[p1];
            at = p1;
          }
          if (x[p2] > best) {
            best = x[p2];
            at = p2;
          }
          if (x[p3] > best) at = p3;
          dx[at] += g[gi];
        }
      }
    }
  }
}

const maxPoolGradWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const a = attrs as unknown as PoolAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    a.filterSize,
    a.strides,
    1,
    a.pad as 'same',
    a.dimRoundingMode as 'floor' | undefined,
  );
  const [batch, height, width, channels] = input.shape;
  const { outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dxInfo = makeOutput(backend, input.shape);
  const x = f32View(backend, input);
  const g = f32View(backend, dy);
  const dx = f32View(backend, dxInfo);
  dx.fill(0);
  const plain2x2 =
    filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2 && top === 0 && left === 0;
  if (plain2x2) {
    pool2x2(x, g, dx, input.shape, outHeight, outWidth);
    return dxInfo;
  }
  const best = new Float32Array(channels);
  const where = new Int32Array(channels);
  for (let b = 0; b < batch; b++) {
    for (let yo = 0; yo < outHeight; yo++) {
      const y0 = Math.max(0, yo * strideHeight - top);
      const y1 = Math.min(height, yo * strideHeight - top + filterHeight);
      for (let xo = 0; xo < outWidth; xo++) {
        const x0 = Math.max(0, xo * strideWidth - left);
        const x1 = Math.min(width, xo * strideWidth - left + filterWidth);
        best.fill(-Infinity);
        where.fill(-1);
        for (let yi = y0; yi < y1; yi++) {
          for (let xi = x0; xi < x1; xi++) {
            const base = ((b * height + yi) * width + xi) * channels;
            for (let c = 0; c < channels; c++) {
              const v = x[base + c];
              // NaN never wins a comparison; the first cell stays the fallback so dy is not lost.
              if (v > best[c] || where[c] < 0) {
                best[c] = v;
                where[c] = base + c;
              }
            }
          }
        }
        const gBase = ((b * outHeight + yo) * outWidth + xo) * channels;
        for (let c = 0; c < channels; c++) if (where[c] >= 0) dx[where[c]] += g[gBase + c];
      }
    }
  }
  return dxInfo;
};

/** Replaces the stock kernel; `registerWasmTrainingKernels` installs it. */
export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm,
};
