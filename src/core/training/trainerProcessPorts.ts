/**
 * The trainer client behind the core's two ports: `TrainPort` (the cycle and the Train command)
 * and `ExecutionCheck` (the generate pipeline). Both fork the sandboxed trainer per job.
 */
import type { TrainJob, TrainOutcome, TrainPort } from '../cycle/trainPort';
import type { ExecutionCheck } from '../generate/ports';
import { defaultHyperparameters, otherHyperparameterDefault } from '../../shared/hyperparameterDefaults';
import type { TrainSpec } from '../../shared/trainerProtocol';
import { checkNet } from '../netApi/checkNet';
import type { TrainerClientOptions, TrainingHandle } from './trainerClient';
import { startTraining } from './trainerClient';

/** Training settings every job of a port shares; a Net's own `batch` hyperparameter overrides `batchSize`. */
export type SharedSpec = Omit<TrainSpec, 'dataset' | 'hyperparameters'>;

/** Forwards an AbortSignal to a run's cancel. */
function cancelOnAbort(handle: TrainingHandle, signal: AbortSignal | undefined): () => void {
  if (!signal) return () => undefined;
  const cancel = () => handle.cancel();
  if (signal.aborted) cancel();
  signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}

/** Splits `batch` (a size, not a [0, 1] value) from the values the Net reads. */
function specFor(shared: SharedSpec, dataset: string, hyperparameters: Readonly<Record<string, number>>): TrainSpec {
  const { batch, ...rest } = hyperparameters;
  const batchSize = Number.isInteger(batch) && batch >= 1 ? batch : shared.batchSize;
  return { ...shared, dataset, batchSize, hyperparameters: rest };
}

/**
 * Values for the execution check: NNGPT's defaults for the usual keys and the middle of [0, 1] for
 * the rest — the check asks whether the Net runs, not how well.
 */
function checkValues(declared: readonly string[]): Record<string, number> {
  return Object.fromEntries(declared.map((key) => [key, defaultHyperparameters[key] ?? otherHyperparameterDefault]));
}

/** A `TrainPort` that runs each job in a fresh trainer process. */
export function createTrainPort(options: TrainerClientOptions, shared: SharedSpec): TrainPort {
  return async (job: TrainJob): Promise<TrainOutcome> => {
    const handle = startTraining(
      {
        op: 'train',
        netSource: job.source,
        netFileName: job.fileName,
        spec: specFor(shared, job.dataset, job.hyperparameters),
      },
      options,
    );
    if (job.onReady) handle.on('ready', job.onReady);
    if (job.onProgress) handle.on('progress', job.onProgress);
    if (job.onEpoch) handle.on('epoch', job.onEpoch);
    if (job.onDataset) handle.on('dataset', job.onDataset);
    const detach = cancelOnAbort(handle, job.signal);
    const result = await handle.result;
    detach();
    return {
      status: result.status,
      reason: result.reason,
      message: result.message,
      epochs: result.epochs,
      summary: result.summary,
    };
  };
}

/** An `ExecutionCheck` (build, dummy forward, parameter budget, 3 timed training batches against the epoch budget) in the trainer process. */
export function createExecutionCheck(
  options: TrainerClientOptions,
  shared: SharedSpec & { readonly dataset: string },
): ExecutionCheck {
  return async (source, fileName, signal) => {
    const { dataset, ...rest } = shared;
    const hyperparameters = checkValues(checkNet(source, fileName).declaredHyperparameters);
    const handle = startTraining(
      { op: 'check', netSource: source, netFileName: fileName, spec: specFor(rest, dataset, hyperparameters) },
      options,
    );
    const detach = cancelOnAbort(handle, signal);
    const result = await handle.result;
    detach();
    return result.status === 'ok'
      ? { ok: true }
      : { ok: false, message: result.message ?? `the execution check ended: ${result.status}` };
  };
}
