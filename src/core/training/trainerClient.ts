/**
 * The host side of training: resolves the dataset, transpiles the Net, forks the sandboxed trainer
 * and turns whatever happens — done, error, crash, hang, out-of-memory, cancel — into one typed
 * result. Plain Node (no vscode); the extension and the CLI both call `startTraining`.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { DownloadProgress } from '../datasets/fetch';
import { ensureDataset } from '../datasets/fetch';
import { getDataset } from '../datasets/registry';
import { DatasetError } from '../datasets/types';
import { isTrainerToHost } from '../../shared/trainerProtocol';
import type {
  EpochMetrics,
  FailureReason,
  LogMessage,
  ProgressMessage,
  ReadyMessage,
  RunSummary,
  TrainSpec,
  TrainerToHost,
} from '../../shared/trainerProtocol';
import { checkOutOfTimeMessage, epochBatches } from './pace';
import { exitCause, readRssMB } from './processWatch';
import { ProgressWatch } from './progressWatch';
import { rungMayRun, sandboxArgs, trainerEnv } from './sandboxArgs';
import { transpileNet } from './transpile';

/** What to run. `spec.dataDir` is an override; the client resolves the real folder. */
export interface TrainingRequest {
  op: 'train' | 'check';
  netSource: string;
  netFileName: string;
  spec: TrainSpec;
  runId?: string;
}

/** Where things are and the limits the run gets. */
export interface TrainerClientOptions {
  /** Dataset cache root (the extension's global storage). */
  cacheDir: string;
  /** The run's own folder: the only other place the trainer may read. */
  runDir?: string;
  /** dist/trainer.js; defaults to `trainer.js` beside the calling bundle. */
  trainerPath?: string;
  /** The Node binary (default: this process's). */
  execPath?: string;
  /** V8 heap cap; the RSS cap is this plus `rssHeadroomMB`. Default 4096. */
  memoryLimitMB?: number;
  rssHeadroomMB?: number;
  /** Kill after this long. Default: epochs × (epochTimeLimitS or 1800) + 300 s; for a check, its time limit + 300 s. */
  wallTimeLimitS?: number;
  /**
   * End the run as `hung` when the trainer says nothing for this long in a phase of Net code (a
   * batch, evaluation, building the Net): every batch sends a heartbeat as it starts. Default 120.
   */
  noProgressS?: number;
  /** The same for start-up and dataset loading, which run no Net code. Default: the larger of 300 s and `noProgressS`. */
  startUpLimitS?: number;
  /** The execution check's time limit, counted from the backend being ready; then it ends as `too-slow`. Default 60. */
  checkTimeLimitS?: number;
  /** After `cancel()`, wait this long for the trainer to stop before killing it. Default 5000. */
  cancelGraceMs?: number;
  permissionModel?: boolean;
  /** Let the trainer start worker threads; default: only when the spec asks for more than one wasm thread. */
  allowWorkers?: boolean;
}

/** The one result every run ends with; the epochs are there for the store even when the run failed later. */
export interface TrainingResult {
  runId: string;
  status: 'ok' | 'failed' | 'cancelled';
  reason?: FailureReason;
  message?: string;
  epochs: EpochMetrics[];
  summary?: RunSummary;
  ready?: ReadyMessage;
  /** Whether Node's permission model was on, and why not when it was not. */
  sandbox: { permission: boolean; note?: string };
}

/** Events a run emits while it goes; the promise `result` settles once, never rejects. */
export interface TrainingHandle {
  runId: string;
  result: Promise<TrainingResult>;
  cancel(): void;
  on(event: 'ready', f: (m: ReadyMessage) => void): this;
  on(event: 'progress', f: (m: ProgressMessage) => void): this;
  on(event: 'epoch', f: (m: EpochMetrics) => void): this;
  on(event: 'log', f: (m: LogMessage) => void): this;
  on(event: 'dataset', f: (p: DownloadProgress) => void): this;
}

class Run extends EventEmitter {
  readonly epochs: EpochMetrics[] = [];
  ready?: ReadyMessage;
  summary?: RunSummary;
  child?: ChildProcess;
  cancelled = false;
  killedFor?: { reason: FailureReason; message: string };
  stderr = '';
  sandbox: TrainingResult['sandbox'] = { permission: false };
  readonly abort = new AbortController();
  constructor(readonly runId: string) {
    super();
  }

  /** Emits without letting a listener's exception escape into the child-process plumbing. */
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    try {
      return super.emit(event, ...args);
    } catch {
      return true;
    }
  }

  finish(status: TrainingResult['status'], reason?: FailureReason, message?: string): TrainingResult {
    return {
      runId: this.runId,
      status,
      reason,
      message,
      epochs: this.epochs,
      summary: this.summary,
      ready: this.ready,
      sandbox: this.sandbox,
    };
  }
}

/** Defaults of the limits above. */
export const defaultNoProgressS = 120;
export const defaultCheckTimeLimitS = 60;

function defaultWallTime(spec: TrainSpec, op: TrainingRequest['op'], checkTimeLimitS: number): number {
  if (op === 'check') return checkTimeLimitS + 300;
  return spec.epochs * (spec.epochTimeLimitS ?? 1800) + 300;
}

/** Batches in one proxy epoch of the run's dataset (0 when the dataset is unknown: no estimate). */
function proxyEpochBatches(spec: TrainSpec): number {
  try {
    return epochBatches(getDataset(spec.dataset).trainCount, spec.batchSize, spec.maxTrainBatches);
  } catch {
    return 0;
  }
}

async function prepare(
  req: TrainingRequest,
  opts: TrainerClientOptions,
  run: Run,
): Promise<{ code: string; datasetDir?: string } | TrainingResult> {
  const t = await transpileNet(req.netSource, req.netFileName);
  if (!t.ok) return run.finish('failed', 'net-error', t.message);
  if (req.op === 'check') return { code: t.code };
  try {
    const info = getDataset(req.spec.dataset);
    const datasetDir = await ensureDataset(info, {
      cacheDir: opts.cacheDir,
      dataDir: req.spec.dataDir,
      onProgress: (p) => run.emit('dataset', p),
      signal: run.abort.signal,
    });
    return { code: t.code, datasetDir };
  } catch (e) {
    if (run.cancelled) return run.finish('cancelled', 'cancelled', 'cancelled while preparing the dataset');
    if (e instanceof DatasetError) return run.finish('failed', 'dataset', e.message);
    return run.finish('failed', 'dataset', `dataset preparation failed: ${(e as Error).message}`);
  }
}

function onMessage(run: Run, raw: unknown, settle: (r: TrainingResult) => void): void {
  if (!isTrainerToHost(raw) || raw.runId !== run.runId) return;
  const m: TrainerToHost = raw;
  switch (m.type) {
    case 'ready':
      run.ready = m;
      run.emit('ready', m);
      break;
    case 'progress':
      run.emit('progress', m);
      break;
    case 'log':
      run.emit('log', m);
      break;
    case 'epoch': {
      const { type: _t, runId: _r, ...metrics } = m;
      run.epochs.push(metrics);
      run.emit('epoch', metrics);
      break;
    }
    case 'done':
      run.summary = m.summary;
      settle(run.finish('ok'));
      break;
    case 'error':
      settle(run.finish(m.reason === 'cancelled' ? 'cancelled' : 'failed', m.reason, m.message));
      break;
  }
}

/** Whether the run may use the threaded wasm build (which needs workers). */
function wantsWasmThreads(spec: TrainSpec): boolean {
  return rungMayRun('wasm', spec) && (spec.wasmThreads ?? 1) > 1;
}

async function execute(req: TrainingRequest, opts: TrainerClientOptions, run: Run): Promise<TrainingResult> {
  const prepared = await prepare(req, opts, run);
  if ('status' in prepared) return prepared;
  if (run.cancelled) return run.finish('cancelled', 'cancelled', 'cancelled before the trainer started');
  const trainerPath = opts.trainerPath ?? join(__dirname, 'trainer.js');
  const memoryLimitMB = opts.memoryLimitMB ?? 4096;
  const args = sandboxArgs({
    trainerPath,
    datasetDir: prepared.datasetDir,
    runDir: opts.runDir,
    memoryLimitMB,
    backend: req.spec.backend,
    skipBackends: req.spec.skipBackends,
    permissionModel: opts.permissionModel,
    allowWorkers: opts.allowWorkers ?? wantsWasmThreads(req.spec),
  });
  run.sandbox = { permission: args.permission.on, note: args.permission.note };
  return new Promise<TrainingResult>((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    let settled = false;
    const settle = (r: TrainingResult) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      clearInterval(rssTimer);
      if (child.exitCode === null && child.signalCode === null) setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      resolve(r);
    };
    const kill = (reason: FailureReason, message: string) => {
      run.killedFor ??= { reason, message };
      child.kill('SIGKILL');
    };
    const child = fork(trainerPath, [], {
      execArgv: args.execArgv,
      execPath: opts.execPath,
      env: trainerEnv(),
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    run.child = child;
    child.stderr?.on('data', (d: Buffer) => (run.stderr = (run.stderr + d.toString()).slice(-8000)));
    child.stdout?.on('data', () => undefined);
    const watch = new ProgressWatch(Date.now());
    const checkLimitS = opts.checkTimeLimitS ?? defaultCheckTimeLimitS;
    child.on('message', (raw) => {
      if (!isTrainerToHost(raw) || raw.runId !== run.runId) return;
      watch.note(raw, Date.now());
      // The check's time limit counts from the backend being ready: start-up has its own limit.
      if (raw.type === 'ready' && req.op === 'check') {
        timers.push(
          setTimeout(
            () =>
              kill(
                'too-slow',
                checkOutOfTimeMessage(watch.checkTiming(checkLimitS, Date.now(), proxyEpochBatches(req.spec))),
              ),
            checkLimitS * 1000,
          ),
        );
      }
      onMessage(run, raw, settle);
    });
    child.on('error', (e) => settle(run.finish('failed', 'crash', `could not start the trainer: ${e.message}`)));
    child.on('exit', (code, signal) => {
      if (run.killedFor)
        return settle(
          run.finish(
            run.killedFor.reason === 'cancelled' ? 'cancelled' : 'failed',
            run.killedFor.reason,
            run.killedFor.message,
          ),
        );
      const cause = exitCause(code, signal, run.stderr);
      settle(run.finish('failed', cause.reason, cause.message));
    });
    const wall = opts.wallTimeLimitS ?? defaultWallTime(req.spec, req.op, checkLimitS);
    timers.push(
      setTimeout(
        () =>
          kill(
            'timeout',
            `the run exceeded its wall-time limit of ${wall} s and was stopped (an endless loop or a very slow Net?)`,
          ),
        wall * 1000,
      ),
    );
    const rssCap = memoryLimitMB + (opts.rssHeadroomMB ?? 2048);
    const noProgressS = opts.noProgressS ?? defaultNoProgressS;
    const startUpS = opts.startUpLimitS ?? Math.max(300, noProgressS);
    // One timer watches memory and silence: a synchronous endless loop blocks the trainer's event
    // loop, so only the host can end it.
    const rssTimer = setInterval(
      () => {
        const rss = child.pid ? readRssMB(child.pid) : undefined;
        if (rss !== undefined && rss > rssCap)
          kill(
            'oom',
            `the trainer used ${Math.round(rss)} MB of memory, over the cap of ${rssCap} MB, and was stopped`,
          );
        const now = Date.now();
        const limit = watch.limitS(noProgressS, startUpS);
        if (!run.cancelled && watch.silentS(now) > limit) kill('hung', watch.hungMessage(limit, now));
      },
      Math.min(500, noProgressS * 250),
    );
    run.on('cancel', () => {
      child.send({ type: 'cancel', runId: run.runId }, (e) => e && kill('cancelled', 'training was cancelled'));
      timers.push(
        setTimeout(
          () => kill('cancelled', 'training was cancelled (the trainer did not stop in time and was killed)'),
          opts.cancelGraceMs ?? 5000,
        ),
      );
    });
    child.send({
      type: 'start',
      runId: run.runId,
      op: req.op,
      netSource: req.netSource,
      netCode: prepared.code,
      netFileName: req.netFileName,
      spec: { ...req.spec, dataDir: prepared.datasetDir },
    });
    if (run.cancelled) run.emit('cancel');
  });
}

/** Starts a run; listen for events on the handle and await `result`. */
export function startTraining(req: TrainingRequest, opts: TrainerClientOptions): TrainingHandle {
  const run = new Run(req.runId ?? randomUUID());
  const result = execute(req, opts, run).catch((e: unknown) =>
    run.finish('failed', 'crash', `training host error: ${(e as Error).message}`),
  );
  const handle = run as unknown as TrainingHandle & Run;
  handle.result = result;
  handle.cancel = () => {
    if (run.cancelled) return;
    run.cancelled = true;
    run.abort.abort();
    if (run.child) run.emit('cancel');
  };
  return handle;
}
