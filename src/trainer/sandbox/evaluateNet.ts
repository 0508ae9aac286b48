/**
 * Evaluates a Net's CommonJS code with nothing but TF.js in reach: `require` answers only TF.js
 * specifiers, and the usual ways out (`process`, `global`, `globalThis`, `Buffer`, timers, `fetch`,
 * `WebAssembly`, workers) are shadowed as undefined parameters of the wrapper; the code runs in
 * strict mode so a bare `this` is not the global object. This is one layer: the trainer process
 * also runs with Node's permission model, code generation from strings disabled and networking
 * switched off (see lockdown.ts), because scope shadowing alone cannot stop `tf.env().global`.
 */
import * as tf from '@tensorflow/tfjs';
import { runInThisContext } from 'node:vm';
import { RunFailure, describeThrown, failureFrom, setNetLineTable } from '../run/failure';
import { inlineLineTable } from './sourceLines';

/** The TF.js package names a Net may import; all map to the trainer's one TF.js instance. */
export const allowedModules = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
];

/** Globals a Net has no business with, hidden by parameters of the same name. */
const shadowed = [
  'process',
  'global',
  'globalThis',
  'Buffer',
  'fetch',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'queueMicrotask',
  'WebAssembly',
  'Worker',
  'SharedArrayBuffer',
  'Atomics',
  'XMLHttpRequest',
  'WebSocket',
  'navigator',
  'structuredClone',
  'FinalizationRegistry',
  'WeakRef',
  '__filename',
  '__dirname',
];

/** What a Net module exports, as far as the trainer needs it. */
export interface NetModule {
  Net: new (inShape: number[], outShape: number[], prm: Record<string, number>, device: string) => NetInstance;
  supportedHyperparameters: () => unknown;
}

/** The Net API surface the trainer calls. */
export interface NetInstance {
  optimizer?: unknown;
  criteria?: unknown;
  forward(x: tf.Tensor4D, training?: boolean): unknown;
  trainSetup(prm: Record<string, number>): unknown;
  learn(data: AsyncIterable<{ x: tf.Tensor4D; y: tf.Tensor2D }>): unknown;
}

function sandboxRequire(specifier: string): unknown {
  if (allowedModules.includes(specifier)) return tf;
  throw new Error(`require('${specifier}') is not allowed: a Net may import only TF.js (${allowedModules[0]})`);
}

/** Runs the Net's code and returns its exports; failures become 'net-error' (or 'sandbox' for forbidden access). */
export function evaluateNet(code: string, fileName: string): NetModule {
  // One line of wrapper before the code, so the inline source map's lines still match.
  const wrapper = `(function (exports, require, module, ${shadowed.join(', ')}) {"use strict";${code}\n})`;
  const module = { exports: {} as Record<string, unknown> };
  setNetLineTable(inlineLineTable(code));
  try {
    const fn = runInThisContext(wrapper, { filename: fileName }) as (...args: unknown[]) => void;
    fn.call(module.exports, module.exports, sandboxRequire, module);
  } catch (e) {
    throw failureFrom(e, 'Loading the Net module', fileName);
  }
  const { Net, supportedHyperparameters } = module.exports;
  if (typeof Net !== 'function')
    throw new RunFailure('net-error', 'The module must export a class named Net (export class Net { ... }).');
  if (typeof supportedHyperparameters !== 'function') {
    throw new RunFailure(
      'net-error',
      'The module must export a function supportedHyperparameters() returning the list of hyperparameter names the Net reads.',
    );
  }
  return module.exports as unknown as NetModule;
}

/** Calls `supportedHyperparameters()` and checks it returns a list of strings. */
export function declaredHyperparameters(mod: NetModule): string[] {
  let keys: unknown;
  try {
    keys = mod.supportedHyperparameters();
  } catch (e) {
    throw new RunFailure('net-error', `supportedHyperparameters() threw ${describeThrown(e)}`);
  }
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
    throw new RunFailure(
      'net-error',
      `supportedHyperparameters() must return an array of strings, got ${JSON.stringify(keys)}`,
    );
  }
  return keys as string[];
}
