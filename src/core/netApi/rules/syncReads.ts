/**
 * No synchronous reads of tensor data in a Net: `dataSync()`, `arraySync()` and `bufferSync()`
 * wait for the device to finish all queued work, and on TF.js's webgpu backend in Node they fail
 * outright. The trainer reads the loss and accuracy itself, asynchronously, so a Net has no need.
 */
import * as ts from 'typescript';
import { finding } from '../report';
import type { Rule } from '../report';

const syncReaders = new Set(['dataSync', 'arraySync', 'bufferSync']);

/**
 * Why a sync read is out; the trainer uses the same words when a Net's sync read fails on webgpu
 * (src/trainer/run/backendFault.ts).
 */
export const syncReadWhy =
  'a synchronous read of tensor data, which stalls a GPU until all queued work is done and fails outright on the webgpu backend in Node (TF.js reads synchronously through an OffscreenCanvas, which Node lacks)';

/** The fix, in the same words for the checker and the trainer. */
export const syncReadFix =
  'Use `await t.data()` or `await t.array()` between steps, or keep the value as a tensor; the trainer reads the loss and accuracy itself.';

/** `sync-read`: a warning, since the Net still trains on the CPU backends. */
export const syncReadsRule: Rule = (file) =>
  file.calls
    .filter((c) => ts.isPropertyAccessExpression(c.expression) && syncReaders.has(c.expression.name.text))
    .map((c) => {
      const name = (c.expression as ts.PropertyAccessExpression).name;
      return finding('sync-read', 'warning', `${name.text}() is ${syncReadWhy}. ${syncReadFix}`, name);
    });
