/** Builds a Net for a dataset's shape and checks its first forward pass: the steps every job starts with. */
import * as tf from '@tensorflow/tfjs';
import type { DatasetInfo } from '../../core/datasets/types';
import type { NetInstance, NetModule } from '../sandbox/evaluateNet';
import { RunFailure, failureFrom } from './failure';

// NNGPT's defaults for the usual keys, used when the run's spec leaves a declared key out.
import { defaultHyperparameters } from '../../shared/hyperparameterDefaults';

/** The `prm` a Net gets: exactly its declared keys, each in [0, 1]. */
export function resolveHyperparameters(declared: string[], given: Record<string, number>): Record<string, number> {
  const prm: Record<string, number> = {};
  for (const key of declared) {
    const value = given[key] ?? defaultHyperparameters[key];
    if (value === undefined) {
      throw new RunFailure(
        'net-error',
        `The Net declares hyperparameter '${key}' but the run gives no value for it and there is no default; pass it (e.g. --hp ${key}=0.5) or remove it from supportedHyperparameters().`,
      );
    }
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new RunFailure(
        'net-error',
        `Hyperparameter '${key}' is ${value}; every hyperparameter must lie in [0, 1].`,
      );
    }
    prm[key] = value;
  }
  return prm;
}

/** Wraps a call into Net code so anything it throws becomes a named, repairable failure. */
export function netCall<T>(what: string, fileName: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw failureFrom(e, what, fileName);
  }
}

function trainableIds(): Map<number, tf.Variable> {
  const vars = tf.engine().state.registeredVariables;
  return new Map(
    Object.values(vars)
      .filter((v) => v.trainable)
      .map((v) => [v.id, v]),
  );
}

/** Checks that `out` is a tensor of logits shaped [batch, numClasses]; throws a failure that says what was wrong. */
export function checkLogitsShape(
  out: unknown,
  batch: number,
  info: DatasetInfo,
  inShape: number[],
): asserts out is tf.Tensor {
  const expected = `[${batch}, ${info.numClasses}]`;
  if (!(out instanceof tf.Tensor)) {
    throw new RunFailure(
      'check-failed',
      `forward() must return a tf.Tensor of logits with shape ${expected}, but it returned ${out === undefined ? 'undefined' : typeof out}.`,
    );
  }
  if (out.rank !== 2 || out.shape[0] !== batch || out.shape[1] !== info.numClasses) {
    throw new RunFailure(
      'check-failed',
      `forward() returned shape [${out.shape.join(', ')}] for input [${inShape.join(', ')}]; it must return logits of shape ${expected} (batch, numClasses = ${info.numClasses}).`,
    );
  }
}

/** A 0/1 scalar: whether every logit is finite (read it with `data()`, never `dataSync()`: see below). */
export function allFinite(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.all(tf.isFinite(logits)), 'int32'));
}

/** The failure for logits that hold NaN or Infinity. */
export const nonFiniteLogits = () =>
  new RunFailure('check-failed', 'forward() on a normal input batch returned NaN or Infinity in its logits.');

/**
 * Reads `allFinite(logits)` asynchronously and throws when it is 0. Every trainer-side read is
 * async: on the webgpu backend a synchronous read needs an OffscreenCanvas, which Node lacks (and it
 * stalls a GPU's queue everywhere).
 */
export async function checkFinite(logits: tf.Tensor): Promise<void> {
  const flag = allFinite(logits);
  try {
    if ((await flag.data())[0] !== 1) throw nonFiniteLogits();
  } finally {
    flag.dispose();
  }
}

/** A constructed Net with what the trainer learned about it. */
export interface BuiltNet {
  net: NetInstance;
  prm: Record<string, number>;
  inShape: number[];
  paramCount: number;
}

/** Constructs the Net with `[batch, H, W, C]` and `[numClasses]`, runs one dummy forward and counts its parameters. */
export async function buildNet(
  mod: NetModule,
  declared: string[],
  info: DatasetInfo,
  batchSize: number,
  hyperparameters: Record<string, number>,
  backend: string,
  fileName: string,
): Promise<BuiltNet> {
  const prm = resolveHyperparameters(declared, hyperparameters);
  const inShape = [batchSize, info.height, info.width, info.channels];
  const before = trainableIds();
  const net = netCall(
    'The Net constructor',
    fileName,
    () => new mod.Net(inShape, [info.numClasses], { ...prm }, backend),
  );
  for (const method of ['forward', 'trainSetup', 'learn'] as const) {
    if (typeof net[method] !== 'function')
      throw new RunFailure('net-error', `class Net must have a method ${method}().`);
  }
  const logits = netCall('forward() on a dummy batch', fileName, () =>
    tf.tidy(() => {
      const x: tf.Tensor4D = tf.randomNormal([batchSize, info.height, info.width, info.channels], 0, 1, 'float32', 7);
      const out = net.forward(x, false);
      checkLogitsShape(out, batchSize, info, inShape);
      return out;
    }),
  );
  try {
    await checkFinite(logits);
  } catch (e) {
    throw failureFrom(e, 'forward() on a dummy batch', fileName);
  } finally {
    logits.dispose();
  }
  let paramCount = 0;
  for (const [id, v] of trainableIds()) if (!before.has(id)) paramCount += v.size;
  return { net, prm, inShape, paramCount };
}
