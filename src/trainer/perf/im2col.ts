// im2col in the layout a filter gradient wants: one row per filter tap (i, j, c), one column per
// output pixel (b, yo, xo). Then dW = rows · dy, one GEMM with no transposes.

/** Geometry of a 2-D convolution over NHWC input. */
export interface ConvGeometry {
  batch: number;
  height: number;
  width: number;
  channels: number;
  filterHeight: number;
  filterWidth: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * Writes the [filterHeight·filterWidth·channels, batch·outHeight·outWidth] patch matrix of `x`
 * into `out` (zeros where a tap falls into the padding).
 */
export function im2colTransposed(x: Float32Array, g: ConvGeometry, out: Float32Array): void {
  const { batch, height, width, channels: ch, outHeight, outWidth } = g;
  const columns = batch * outHeight * outWidth;
  let row = 0;
  for (let i = 0; i < g.filterHeight; i++) {
    for (let j = 0; j < g.filterWidth; j++) {
      // Output columns whose tap lands inside the image: the rest of each row is padding.
      const xoFirst = Math.min(outWidth, Math.max(0, Math.ceil((g.padLeft - j) / g.strideWidth)));
      const xoEnd = Math.max(xoFirst, Math.min(outWidth, Math.floor((width - 1 + g.padLeft - j) / g.strideWidth) + 1));
      for (let c = 0; c < ch; c++, row++) {
        let k = row * columns;
        for (let b = 0; b < batch; b++) {
          for (let yo = 0; yo < outHeight; yo++, k += outWidth) {
            const yi = yo * g.strideHeight + i - g.padTop;
            if (yi < 0 || yi >= height) {
              out.fill(0, k, k + outWidth);
              continue;
            }
            if (xoFirst > 0) out.fill(0, k, k + xoFirst);
            if (xoEnd < outWidth) out.fill(0, k + xoEnd, k + outWidth);
            // Input index of column xo: ((b·H + yi)·W + xo·s + j − padLeft)·C + c.
            let src = ((b * height + yi) * width + xoFirst * g.strideWidth + j - g.padLeft) * ch + c;
            const step = g.strideWidth * ch;
            for (let xo = xoFirst; xo < xoEnd; xo++, src += step) out[k + xo] = x[src];
          }
        }
      }
    }
  }
}
