// The geometry both depthwise-convolution gradient kernels need, from TF.js's own padding rules.
import * as tf from '@tensorflow/tfjs';

/** Attributes the DepthwiseConv2dNativeBackprop* kernels receive. */
export interface DepthwiseGradAttrs {
  strides: number | [number, number];
  dilations?: number | [number, number] | null;
  pad: unknown;
  dimRoundingMode?: unknown;
}

/** Strides, dilations and the forward convolution's sizes and top/left padding. */
export interface DepthwiseGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  channels: number;
  multiplier: number;
  filterHeight: number;
  filterWidth: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
}

// tf.layers passes null for an unset dilation rate.
const pair = (v: number | [number, number] | null | undefined): [number, number] =>
  v === undefined || v === null ? [1, 1] : typeof v === 'number' ? [v, v] : v;

/** The forward depthwise convolution of `xShape` by `filterShape` ([fh, fw, C, multiplier]). */
export function depthwiseGeometry(
  xShape: number[],
  filterShape: number[],
  attrs: DepthwiseGradAttrs,
): DepthwiseGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    pair(attrs.strides),
    pair(attrs.dilations),
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'floor' | undefined,
    true,
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    channels: info.inChannels,
    multiplier: filterShape[3],
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * Calls `visit` for every (output pixel, filter tap) pair that reads an input pixel inside the
 * image, with the element offsets of the dy row (C·multiplier values), the input row (C values)
 * and the tap's filter row (C·multiplier values). Both gradients are this traversal.
 */
export function forEachTap(g: DepthwiseGeometry, visit: (dyAt: number, xAt: number, tapAt: number) => void): void {
  const { channels: C, multiplier: M, inHeight: H, inWidth: W, outHeight: Ho, outWidth: Wo } = g;
  const OC = C * M;
  for (let b = 0; b < g.batch; b++) {
    for (let y = 0; y < Ho; y++) {
      for (let i = 0; i < g.filterHeight; i++) {
        const p = y * g.strideHeight + i * g.dilationHeight - g.padTop;
        if (p < 0 || p >= H) continue;
        for (let xo = 0; xo < Wo; xo++) {
          const dyAt = ((b * Ho + y) * Wo + xo) * OC;
          for (let j = 0; j < g.filterWidth; j++) {
            const q = xo * g.strideWidth + j * g.dilationWidth - g.padLeft;
            if (q < 0 || q >= W) continue;
            visit(dyAt, ((b * H + p) * W + q) * C, (i * g.filterWidth + j) * OC);
          }
        }
      }
    }
  }
}

/**
 * The same traversal a row at a time: for every output row (b, y) and filter tap (i, j) whose
 * input row p lies inside the image, the run of output columns whose input columns lie inside it
 * too — `count` columns from output column `xo` and input column `q` (stepping by the stride).
 * One call per run is what the SIMD kernels take.
 */
export function forEachRowTap(
  g: DepthwiseGeometry,
  visit: (b: number, y: number, p: number, tap: number, xo: number, q: number, count: number) => void,
): void {
  const first: number[] = [];
  const count: number[] = [];
  for (let j = 0; j < g.filterWidth; j++) {
    const offset = j * g.dilationWidth - g.padLeft;
    const lo = Math.max(0, Math.ceil(-offset / g.strideWidth));
    const hi = Math.min(g.outWidth - 1, Math.floor((g.inWidth - 1 - offset) / g.strideWidth));
    first.push(lo);
    count.push(hi - lo + 1);
  }
  for (let b = 0; b < g.batch; b++) {
    for (let y = 0; y < g.outHeight; y++) {
      for (let i = 0; i < g.filterHeight; i++) {
        const p = y * g.strideHeight + i * g.dilationHeight - g.padTop;
        if (p < 0 || p >= g.inHeight) continue;
        for (let j = 0; j < g.filterWidth; j++) {
          if (count[j] <= 0) continue;
          const q = first[j] * g.strideWidth + j * g.dilationWidth - g.padLeft;
          visit(b, y, p, i * g.filterWidth + j, first[j], q, count[j]);
        }
      }
    }
  }
}
