// Conv2DBackpropFilter for the wasm backend, which ships no such kernel (TF.js 4.22), so
// without this a conv net cannot train on wasm at all. The filter gradient is itself a
// convolution — batch and input channels swap roles — so it runs on the backend's own
// XNNPACK Conv2D instead of a scalar loop:
//   dW[i,j,c,o] = Σ_{b,y,x} xpad[b, y·s+i·d, x·s+j·d, c] · dy[b,y,x,o]
//   = conv2d(x as [C, H, W, B], dy as filter [Ho, Wo, B, O], dilation = stride s)[c,i,j,o]
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { free, runKernel as run } from './wasmKernelRun';

/** Explicit [top, bottom, left, right] padding of the forward convolution, from TF.js's own rules. */
function forwardPadding(xShape: number[], filterShape: number[], strides: [number, number], dilations: [number, number], pad: unknown, dimRoundingMode: unknown) {
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
  const [fh, fw] = a.filterShape;
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
    xIn = run(backend, 'Slice', { x: xT }, { begin: [0, 0, 0, 0], size: [c, h + Math.min(0, padBottom), w + Math.min(0, padRight), b] });
  }
  const pad = [[0, 0], [padInfo.top, Math.max(0, padBottom)], [padInfo.left, Math.max(0, padRight)], [0, 0]];
  const swapped = { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: strides } as unknown as NamedAttrMap;
  const out = run(backend, 'Conv2D', { x: xIn, filter: dyT }, swapped);
  const dw = run(backend, 'Transpose', { x: out }, { perm: [1, 2, 0, 3] });
  free(backend, xT, dyT, out);
  if (xIn !== xT) free(backend, xIn);
  return dw;
};

/** The kernel config; `registerWasmTrainingKernels` registers it. */
export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm,
};
