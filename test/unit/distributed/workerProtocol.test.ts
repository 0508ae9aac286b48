// The queue's typed, versioned payloads, the URL handling and the attempt relay, without Redis.
import * as assert from 'node:assert/strict';
import type { CycleArgs } from '../../../src/cli/cycleArgs';
import { parseCycleArgs } from '../../../src/cli/cycleArgs';
import { parseWorkerArgs } from '../../../src/cli/workerArgs';
import type { TrainJob } from '../../../src/core/cycle/trainPort';
import { AttemptRelay } from '../../../src/distributed/attemptRelay';
import { redactRedisUrl, redisUrlProblem } from '../../../src/distributed/redisUrl';
import type { EpochMetrics, ProgressMessage } from '../../../src/shared/trainerProtocol';
import {
  parseWorkerEvent,
  parseWorkerJob,
  parseWorkerResult,
  workerProtocolVersion,
} from '../../../src/shared/workerProtocol';
import type { WorkerEvent } from '../../../src/shared/workerProtocol';

const job = {
  protocol: workerProtocolVersion,
  runId: 7,
  clientId: 'host-1',
  source: 'export function build() {}',
  fileName: 'a.net.ts',
  dataset: 'fashion-mnist',
  hyperparameters: { lr: 0.01, batch: 32 },
  spec: { epochs: 1, batchSize: 32, maxTrainBatches: 5 },
};

const epoch = (n: number): EpochMetrics => ({
  epoch: n,
  trainLoss: 0.5,
  trainAccuracy: 0.8,
  testAccuracy: 0.81,
  durationS: 2,
  samplesPerSec: 500,
  batches: 5,
  stoppedEarly: false,
  backend: 'wasm',
  paramCount: 1000,
  numTensors: 10,
  rssMB: 200,
});

describe('worker protocol (src/shared/workerProtocol.ts)', () => {
  it('accepts a well-formed job and refuses another version by name', () => {
    assert.deepEqual(parseWorkerJob(job), { ok: true, value: job });
    const other = parseWorkerJob({ ...job, protocol: 2 });
    assert.deepEqual(other, {
      ok: false,
      message: `the host that queued this job uses nngpt worker protocol 2, this nngpt speaks protocol ${workerProtocolVersion}: run the same nngpt version on the host and on every worker`,
    });
    assert.match((parseWorkerJob({ source: 'x' }) as { message: string }).message, /protocol undefined/);
  });

  it('names the first malformed field, and refuses fields the protocol does not know', () => {
    const bad = parseWorkerJob({ ...job, spec: { ...job.spec, epochs: 0 } });
    assert.equal(bad.ok, false);
    assert.match((bad as { message: string }).message, /^the training job is malformed at 'spec\.epochs'/);
    // A worker's own settings (its data folder) are not the host's to choose.
    const extra = parseWorkerJob({ ...job, spec: { ...job.spec, dataDir: '/etc' } });
    assert.equal(extra.ok, false);
  });

  it('checks results and events from workers, including a NaN loss that JSON turned into null', () => {
    const attempt = { protocol: workerProtocolVersion, attemptId: 'a1', attempt: 1, worker: 'w' };
    const wire = JSON.parse(JSON.stringify({ ...attempt, status: 'ok', epochs: [{ ...epoch(1), trainLoss: NaN }] }));
    assert.equal(parseWorkerResult(wire).ok, true);
    assert.equal(parseWorkerResult({ ...wire, protocol: 3 }).ok, false);
    assert.equal(parseWorkerEvent({ ...attempt, kind: 'epoch', epoch: { epoch: 'one' } }).ok, false);
  });
});

describe('Redis URLs', () => {
  it('never shows a password', () => {
    assert.equal(redactRedisUrl('redis://:s3cret@h:6379'), 'redis://:***@h:6379');
    assert.equal(redactRedisUrl('rediss://user:s3cret@h:6380/2'), 'rediss://user:***@h:6380/2');
    assert.equal(redactRedisUrl('redis://h:6379'), 'redis://h:6379');
    assert.doesNotMatch(redactRedisUrl('not a url //x:s3cret@h'), /s3cret/);
  });

  it('accepts redis:// and rediss:// only', () => {
    assert.equal(redisUrlProblem('rediss://:p@h:1'), undefined);
    assert.match(redisUrlProblem('http://h:1') ?? '', /must start with redis:\/\/ or rediss:\/\//);
    assert.match(redisUrlProblem('h:6379:x') ?? '', /not a/);
  });

  it('nngpt cycle --redis takes a Redis URL and refuses anything else', () => {
    const ok = parseCycleArgs(['--redis', 'rediss://:p@h:6380']);
    assert.equal((ok as CycleArgs).redisUrl, 'rediss://:p@h:6380');
    assert.equal((parseCycleArgs([]) as CycleArgs).redisUrl, undefined);
    assert.match(
      String(parseCycleArgs(['--redis', 'http://:p@h:1'])),
      /^--redis: 'http:\/\/:\*\*\*@h:1\/' is not a Redis URL/,
    );
    assert.equal(parseCycleArgs(['--redis']), '--redis needs a URL');
  });

  it('nngpt worker takes the URL from --redis or NNGPT_REDIS_URL, and splits the cores by concurrency', () => {
    const fromEnv = parseWorkerArgs(['--concurrency', '2'], { NNGPT_REDIS_URL: 'redis://:p@h:1' }, 8);
    assert.ok(typeof fromEnv === 'object');
    assert.deepEqual([fromEnv.redisUrl, fromEnv.concurrency, fromEnv.threads], ['redis://:p@h:1', 2, 4]);
    assert.match(String(parseWorkerArgs([], {}, 8)), /no Redis URL/);
    assert.match(String(parseWorkerArgs(['--redis', 'redis://h:1', '--max-stalled', '-1'], {}, 8)), /--max-stalled/);
  });
});

describe('AttemptRelay (one clean record from a job that ran more than once)', () => {
  const progress = (e: number, b: number): ProgressMessage => ({
    type: 'progress',
    runId: 'r',
    epoch: e,
    batch: b,
    totalBatches: 10,
    loss: 0.3,
    samplesPerSec: 100,
  });
  const event = (attemptId: string, attempt: number, rest: object) =>
    ({ protocol: 1, attemptId, attempt, worker: `w-${attemptId}`, ...rest }) as WorkerEvent;

  it('keeps only the newest attempt, and only past what is already recorded', () => {
    const seen: string[] = [];
    const job = {
      onProgress: (p: ProgressMessage) => seen.push(`p${p.epoch}.${p.batch}`),
      onEpoch: (e: EpochMetrics) => seen.push(`e${e.epoch}`),
    } as unknown as TrainJob;
    const relay = new AttemptRelay(job);
    relay.relay(event('a', 1, { kind: 'progress', progress: progress(1, 5) }));
    relay.relay(event('a', 1, { kind: 'epoch', epoch: epoch(1) }));
    relay.relay(event('a', 1, { kind: 'progress', progress: progress(2, 3) }));
    // The worker died; attempt 2 starts over on another worker.
    relay.relay(event('b', 2, { kind: 'progress', progress: progress(1, 5) }));
    relay.relay(event('b', 2, { kind: 'epoch', epoch: epoch(1) }));
    relay.relay(event('b', 2, { kind: 'progress', progress: progress(2, 6) }));
    // A late word from the first worker changes nothing.
    relay.relay(event('a', 1, { kind: 'progress', progress: progress(2, 9) }));
    relay.relay(event('b', 2, { kind: 'epoch', epoch: epoch(2) }));
    assert.deepEqual(seen, ['p1.5', 'e1', 'p2.3', 'p2.6', 'e2']);
    assert.deepEqual([relay.attempts, relay.worker], [2, 'w-b']);
  });
});
