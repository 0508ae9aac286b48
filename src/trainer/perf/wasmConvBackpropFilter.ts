// Conv2DBackpropFilter for the wasm backend, which ships no such kernel (TF.js 4.22), so
// without this a conv net cannot train on wasm at all. The filter gradient is itself a
// convolution — batch and input channels swap roles — so it runs on the backend's own
// XNNPACK Conv2D instead of a scalar loop:
//   dW[i,j,c,o] = Σ_{b,y,x} xpad[b, y·s+i·d, x·s+j·d, c] · dy[b,y,x,o]
//   = conv2d(x as [C, H, W, B], dy as filter [Ho, Wo, B, O], dilation = stride s)[c,i,j,o]
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { im2colTransposed } from './im2col';
import { f32View, free, makeOutput, runKernel as run } from './wasmKernelRun';

/** Up to this many input channels the patch matrix is small enough that im2col + GEMM wins. */
const im2colMaxChannels = 4;

/** Explicit [top, bottom, left, right] padding of the forward convolution, from TF.js's own rules. */
function forwardPadding(
  xShape: number[],
  filterShape: number[],
  strides: [number, number],
  dilations: [number, number],
  pad: unknown,
  dimRoundingMode: unknown,
) {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations,
    pad as 'same',
    dimRoundingMode as 'floor' | undefined,
  );
  return { info, padInfo: info.padInfo };
}

/**
 * dW of a 1×1 convolution without padding: one GEMM over the (subsampled) pixels, dW = xᵀ·dy.
 * XNNPACK packs the GEMM's right-hand matrix on every call, so the operand with fewer channels
 * is the one transposed into the left side: xᵀ·dy, or (dyᵀ·x)ᵀ. 5× less CPU than the swapped
 * convolution (whose "filter" is the whole of dy) for SE-ResNet's bottlenecks.
 */
function pointwise(
  backend: Parameters<KernelFunc>[0]['backend'],
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: number[],
  info: ReturnType<typeof forwardPadding>['info'],
): TensorInfo {
  const [, , inC, outC] = filterShape;
  const rows = info.batchSize * info.outHeight * info.outWidth;
  let pixels = x;
  if (
    info.strideHeight !== 1 ||
    info.strideWidth !== 1 ||
    info.outHeight !== info.inHeight ||
    info.outWidth !== info.inWidth
  ) {
    pixels = makeOutput(backend, [info.batchSize, info.outHeight, info.outWidth, inC]);
    const src = f32View(backend, x);
    const dst = f32View(backend, pixels);
    let at = 0;
    for (let b = 0; b < info.batchSize; b++) {
      for (let y = 0; y < info.outHeight; y++) {
        for (let c = 0; c < info.outWidth; c++) {
          const from = ((b * info.inHeight + y * info.strideHeight) * info.inWidth + c * info.strideWidth) * inC;
          for (let k = 0; k < inC; k++) dst[at++] = src[from + k];
        }
      }
    }
  }
  const xFlat = { dataId: pixels.dataId, shape: [1, rows, inC], dtype: pixels.dtype };
  const dyFlat = { dataId: dy.dataId, shape: [1, rows, outC], dtype: dy.dtype };
  const transposed = { transposeA: true, transposeB: false } as NamedAttrMap;
  let dw: TensorInfo;
  if (inC <= outC) {
    dw = run(backend, 'BatchMatMul', { a: xFlat, b: dyFlat }, transposed);
  } else {
    const dwT = run(backend, 'BatchMatMul', { a: dyFlat, b: xFlat }, transposed);
    dw = run(backend, 'Transpose', { x: dwT }, { perm: [0, 2, 1] });
    free(backend, dwT);
  }
  if (pixels !== x) free(backend, pixels);
  return { dataId: dw.dataId, shape: filterShape, dtype: dw.dtype };
}

/** dW via an explicit patch matrix and one XNNPACK GEMM: fastest when input channels are few. */
function viaIm2col(
  backend: Parameters<KernelFunc>[0]['backend'],
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: number[],
  info: ReturnType<typeof forwardPadding>['info'],
): TensorInfo {
  const [fh, fw, inC, outC] = filterShape;
  const rows = fh * fw * inC;
  const columns = info.batchSize * info.outHeight * info.outWidth;
  const patches = makeOutput(backend, [1, rows, columns]);
  im2colTransposed(
    f32View(backend, x),
    {
      batch: info.batchSize,
      height: info.inHeight,
      width: info.inWidth,
      channels: inC,
      filterHeight: fh,
      filterWidth: fw,
      outHeight: info.outHeight,
      outWidth: info.outWidth,
      strideHeight: info.strideHeight,
      strideWidth: info.strideWidth,
      padTop: info.padInfo.top,
      padLeft: info.padInfo.left,
    },
    f32View(backend, patches),
  );
  const dyFlat = { dataId: dy.dataId, shape: [1, columns, outC], dtype: dy.dtype };
  const product = run(
    backend,
    'BatchMatMul',
    { a: patches, b: dyFlat },
    { transposeA: false, transposeB: false },
    true,
  );
  free(backend, patches);
  // Same bytes, filter-shaped: [fh·fw·inC, outC] is [fh, fw, inC, outC] row-major.
  return { dataId: product.dataId, shape: filterShape, dtype: product.dtype };
}

const conv2DBackpropFilterWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as {
    strides: number | [number, number];
    pad: unknown;
    dataFormat?: string;
    dimRoundingMode?: unknown;
    filterShape: [number, number, number, number];
  };
  if (a.dataFormat !== undefined && a.dataFormat !== 'NHWC') {
    throw new Error(`wasm Conv2DBackpropFilter supports NHWC only, got ${a.dataFormat}`);
  }
  const strides: [number, number] = typeof a.strides === 'number' ? [a.strides, a.strides] : a.strides;
  const { info, padInfo } = forwardPadding(x.shape, a.filterShape, strides, [1, 1], a.pad, a.dimRoundingMode);
  if (a.filterShape[0] === 1 && a.filterShape[1] === 1 && padInfo.top === 0 && padInfo.left === 0) {
    return pointwise(backend, x, dy, a.filterShape, info);
  }
  if (a.filterShape[2] <= im2colMaxChannels) {
    return viaIm2col(backend, x, dy, a.filterShape, info);
  }
  const out = swappedConv(backend, x, dy, a.filterShape, strides, padInfo, info);
  const dw = run(backend, 'Transpose', { x: out }, { perm: [1, 2, 0, 3] });
  free(backend, out);
  return dw;
};

/** The filter gradient as [inC, fh, fw, outC]: conv2d(x as [C, H, W, B], dy as filter [Ho, Wo, B, O]). */
function swappedConv(
  backend: Parameters<KernelFunc>[0]['backend'],
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: number[],
  strides: [number, number],
  padInfo: ReturnType<typeof forwardPadding>['padInfo'],
  info: ReturnType<typeof forwardPadding>['info'],
): TensorInfo {
  const [fh, fw] = filterShape;
  // The swapped convolution reads rows up to (Ho-1)·s + (fh-1) of the padded input; pad the
  // bottom/right so its output is exactly fh × fw (extra rows of the forward's padding are unused).
  const needH = (info.outHeight - 1) * strides[0] + fh;
  const needW = (info.outWidth - 1) * strides[1] + fw;
  const padBottom = needH - x.shape[1] - padInfo.top;
  const padRight = needW - x.shape[2] - padInfo.left;
  const xT = run(backend, 'Transpose', { x }, { perm: [3, 1, 2, 0] });
  const dyT = run(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  let xIn = xT;
  if (padBottom < 0 || padRight < 0) {
    // The forward conv dropped trailing input rows (VALID with a remainder): crop them away.
    const [c, h, w, b] = xT.shape;
    xIn = run(
      backend,
      'Slice',
      { x: xT },
      { begin: [0, 0, 0, 0], size: [c, h + Math.min(0, padBottom), w + Math.min(0, padRight), b] },
    );
  }
  const pad = [
    [0, 0],
    [padInfo.top, Math.max(0, padBottom)],
    [padInfo.left, Math.max(0, padRight)],
    [0, 0],
  ];
  const swapped = { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: strides } as unknown as NamedAttrMap;
  const out = run(backend, 'Conv2D', { x: xIn, filter: dyT }, swapped);
  free(backend, xT, dyT);
  if (xIn !== xT) free(backend, xIn);
  return out;
}

/** The kernel config; `registerWasmTrainingKernels` registers it. */
export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm,
};
