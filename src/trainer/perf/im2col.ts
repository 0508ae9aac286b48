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
      for (let c = 0; c < ch; c++, row++) {
        let k = row * columns;
        for (let b = 0; b < batch; b++) {
          for (let yo = 0; yo < outHeight; yo++) {
            const yi = yo * g.strideHeight + i - g.padTop;
            if (yi < 0 || yi >= height) {
              out.fill(0, k, k + outWidth);
              k += outWidth;
              continue;
            }
            const rowBase = (b * height + yi) * width;
            for (let xo = 0; xo < outWidth; xo++, k++) {
              const xi = xo * g.strideWidth + j - g.padLeft;
              out[k] = xi >= 0 && xi < width ? x[(rowBase + xi) * ch + c] : 0;
            }
          }
        }
      }
    }
  }
}
