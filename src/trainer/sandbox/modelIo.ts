/**
 * Model I/O off inside the trainer. A save or load by URL (`file://`, `http(s)://`,
 * `localstorage://`, `indexeddb://`, `downloads://`, …) meets a router that refuses it by name
 * before TF.js looks for a handler. The network lockdown and the permission model would stop the
 * network and file handlers anyway, but a scheme without a handler fails as a plain Net error; this
 * way every one ends as `sandbox`, saying what was tried. In-memory handlers (`tf.io.fromMemory`,
 * `withSaveHandler`) stay: they reach nothing outside the process.
 */
import * as tf from '@tensorflow/tfjs';

let applied = false;

/** Registers save and load routers that throw for every URL (idempotent). Call before any Net code runs. */
export function lockDownModelIo(): void {
  if (applied) return;
  applied = true;
  const refuse =
    (what: string) =>
    (url: string | string[]): never => {
      throw new Error(`${what} ${[url].flat().join(', ')} is not allowed in the trainer sandbox`);
    };
  tf.io.registerSaveRouter(refuse('saving a model to'));
  tf.io.registerLoadRouter(refuse('loading a model from'));
}
