// The worker pool end to end on a real Redis: Debian's redis-server on a free loopback port, two
// `nngpt worker` processes, real Fashion-MNIST through the sandboxed trainer (a few batches each).
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { trainAndRecord } from '../../../src/core/cycle/trainAndRecord';
import { HistoryStore } from '../../../src/core/store/historyStore';
import { openQueueTrainPort } from '../../../src/distributed/queueTrainPort';
import { probeRedis, RedisUnreachableError } from '../../../src/distributed/redisConnection';
import { workerQueueName } from '../../../src/shared/workerProtocol';
import { trainerBundle } from '../trainer/trainerBundle';
import {
  collect,
  exited,
  fashionDir,
  freePort,
  redisMissing,
  RedisServer,
  repo,
  startCli,
  startWorker,
} from './redisServer';

const missing = redisMissing();
const referenceNet = readFileSync(join(repo, 'examples/nets/referenceCnn.net.ts'), 'utf8');
const shared = { epochs: 1, batchSize: 64, maxTrainBatches: 20, progressEvery: 5, randomSeed: 1 };

describe('worker pool on a real Redis (BullMQ, two nngpt worker processes)', function () {
  this.timeout(150_000);
  let redis: RedisServer;
  let trainer: string;
  let dir: string;
  const workers = new Map<string, { child: ChildProcess; log: { text: () => string } }>();

  const addWorker = async (name: string) => {
    const child = await startWorker(redis.url, trainer, name);
    workers.set(name, { child, log: collect(child) });
  };

  before(async function () {
    if (missing) {
      console.log(`    skipped: ${missing}`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'nngpt-pool-'));
    [redis, trainer] = await Promise.all([RedisServer.start(), trainerBundle()]);
    await Promise.all([addWorker('worker-a'), addWorker('worker-b')]);
  });

  after(async () => {
    for (const { child } of workers.values()) child.kill('SIGKILL');
    await Promise.all([...workers.values()].map(({ child }) => exited(child)));
    await redis?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A store with one stored variant of the reference Net; `train` records its run through the port. */
  async function storeWithVariant(name: string) {
    const store = await HistoryStore.open({ path: join(dir, `${name}.sqlite`), flushDelayMs: 5 });
    const added = store.addVariant({ code: referenceNet, generator: 'test', name });
    const job = {
      variantId: added.id,
      name,
      code: referenceNet,
      fileName: `${name}.net.ts`,
      dataset: 'fashion-mnist',
      hyperparameters: { lr: 0.01, momentum: 0.9, dropout: 0.2 },
    };
    return { store, job, variantId: added.id };
  }

  /** The variant's one run: completed, with the one epoch row the host recorded. */
  function onlyCompletedRun(store: HistoryStore, variantId: string) {
    const runs = store.listRuns({ variantId });
    assert.equal(runs.length, 1, 'recorded once');
    assert.equal(runs[0].status, 'completed');
    assert.deepEqual(
      store.epochs(runs[0].id).map((e) => e.epoch),
      [1],
    );
    return runs[0];
  }

  /** The one worker that logged starting a job since `before` (its log text). */
  const workerThatStarted = (logs: Map<string, number>) =>
    [...workers.entries()].find(([name, w]) => /attempt 1/.test(w.log.text().slice(logs.get(name) ?? 0)))?.[0];
  const logMarks = () => new Map([...workers.entries()].map(([name, w]) => [name, w.log.text().length]));

  it('trains a 4-candidate nngpt cycle across both workers; the store holds every run once', async () => {
    const marks = logMarks();
    const storePath = join(dir, 'cycle.sqlite');
    const cycle = startCli([
      'cycle',
      '--redis',
      redis.url,
      '--candidates',
      '4',
      '--parallel',
      '4',
      '--threads',
      '1',
      '--max-batches',
      '10',
      '--data-dir',
      fashionDir,
      '--trainer',
      trainer,
      '--store',
      storePath,
      '--json',
    ]);
    const out = collect(cycle);
    assert.equal(await exited(cycle), 0, out.text().slice(-2000));
    const store = await HistoryStore.open({ path: storePath, flushDelayMs: 5 });
    try {
      const runs = store.listRuns();
      assert.equal(runs.length, 4, 'one run per candidate');
      assert.equal(new Set(runs.map((r) => r.variantId)).size, 4, 'no variant trained twice');
      for (const run of runs) {
        assert.equal(run.status, 'completed', `${run.variantName}: ${run.failureReason}`);
        assert.equal(run.backend, 'wasm');
        // Ten batches of a mutated Net: any measured accuracy, not a good one.
        assert.ok(
          run.testAccuracy !== null && run.testAccuracy >= 0 && run.testAccuracy <= 1,
          `accuracy ${run.testAccuracy}`,
        );
        assert.equal(store.epochs(run.id).length, 1, 'one epoch row, recorded by the host');
      }
    } finally {
      await store.close();
    }
    const jobsOf = (name: string) =>
      (
        workers
          .get(name)!
          .log.text()
          .slice(marks.get(name))
          .match(/: ok\n/g) ?? []
      ).length;
    assert.equal(jobsOf('worker-a') + jobsOf('worker-b'), 4);
    assert.ok(jobsOf('worker-a') >= 1 && jobsOf('worker-b') >= 1, 'both workers trained');
  });

  it('a worker SIGKILLed mid-epoch: its job runs again on the other and is recorded once, marked retried', async () => {
    const { store, job, variantId } = await storeWithVariant('killed');
    const port = await openQueueTrainPort({ redisUrl: redis.url, shared });
    const marks = logMarks();
    let killed: string | undefined;
    try {
      const recorded = await trainAndRecord(store, port.train, job, {
        onProgress: () => {
          if (killed) return;
          killed = workerThatStarted(marks);
          if (killed) workers.get(killed)!.child.kill('SIGKILL');
        },
      });
      assert.ok(killed, 'a worker reported progress before the kill');
      const survivor = killed === 'worker-a' ? 'worker-b' : 'worker-a';
      assert.equal(recorded.outcome.status, 'ok', recorded.outcome.message);
      assert.equal(recorded.outcome.attempts, 2);
      assert.equal(recorded.outcome.worker, survivor);
      const run = onlyCompletedRun(store, variantId);
      assert.match(run.failureReason ?? '', /^retried: started 2 times .*finished on worker-/);
    } finally {
      await port.close();
      await store.close();
      if (killed) {
        await exited(workers.get(killed)!.child);
        await addWorker(killed);
      }
    }
  });

  it('SIGTERM mid-job: the worker hands its job back and exits 0; the other worker finishes it, recorded once', async () => {
    const { store, job, variantId } = await storeWithVariant('sigterm');
    const port = await openQueueTrainPort({ redisUrl: redis.url, shared });
    const marks = logMarks();
    let stopped: string | undefined;
    try {
      const recorded = await trainAndRecord(store, port.train, job, {
        onProgress: () => {
          if (stopped) return;
          stopped = workerThatStarted(marks);
          if (stopped) workers.get(stopped)!.child.kill('SIGTERM');
        },
      });
      assert.ok(stopped, 'a worker reported progress before SIGTERM');
      assert.equal(await exited(workers.get(stopped)!.child), 0);
      assert.match(workers.get(stopped)!.log.text(), /SIGTERM: handing running jobs back to the queue and stopping/);
      assert.equal(recorded.outcome.status, 'ok', recorded.outcome.message);
      assert.equal(recorded.outcome.worker, stopped === 'worker-a' ? 'worker-b' : 'worker-a');
      onlyCompletedRun(store, variantId);
    } finally {
      await port.close();
      await store.close();
      if (stopped) await addWorker(stopped);
    }
  });

  it('Redis restarted (empty) mid-job: the job is queued again and the run completes, recorded once', async () => {
    const { store, job, variantId } = await storeWithVariant('restart');
    const logs: string[] = [];
    const port = await openQueueTrainPort({ redisUrl: redis.url, shared, log: (l) => logs.push(l), pollMs: 500 });
    let restarted: Promise<void> | undefined;
    try {
      const recorded = await trainAndRecord(store, port.train, job, {
        onProgress: () => void (restarted ??= redis.restart()),
      });
      await restarted;
      assert.equal(recorded.outcome.status, 'ok', recorded.outcome.message);
      assert.match(recorded.outcome.message ?? '', /queued again 1 time after Redis lost it/);
      assert.ok(
        logs.some((l) => /lost job restart\.net\.ts; queued it again/.test(l)),
        logs.join('\n'),
      );
      onlyCompletedRun(store, variantId);
    } finally {
      await port.close();
      await store.close();
    }
  });

  it('Redis gone for longer than the outage limit: the run fails naming the URL, and the store says failed', async () => {
    const { store, job, variantId } = await storeWithVariant('outage');
    const port = await openQueueTrainPort({ redisUrl: redis.url, shared, outageLimitMs: 1500, pollMs: 250 });
    let stopped: Promise<void> | undefined;
    try {
      const recorded = await trainAndRecord(store, port.train, job, {
        onProgress: () => void (stopped ??= redis.stop()),
      });
      await stopped;
      assert.equal(recorded.outcome.status, 'failed');
      assert.match(
        recorded.outcome.message ?? '',
        new RegExp(`lost Redis at redis://127\\.0\\.0\\.1:${redis.port}/? for \\d+ s`),
      );
      const runs = store.listRuns({ variantId });
      assert.equal(runs.length, 1);
      assert.equal(runs[0].status, 'failed');
      assert.match(runs[0].failureReason ?? '', /^queue: lost Redis/);
    } finally {
      await port.close();
      await store.close();
      await redis.restart();
    }
  });

  it('cancel removes the waiting job and stops the running ones on their workers; every run is recorded cancelled', async () => {
    const jobs = await Promise.all(['cancel-1', 'cancel-2', 'cancel-3'].map((name) => storeWithVariant(name)));
    const port = await openQueueTrainPort({ redisUrl: redis.url, shared: { ...shared, maxTrainBatches: 400 } });
    const controller = new AbortController();
    const marks = logMarks();
    let started = 0;
    try {
      // Two workers, three jobs: two run, one waits. Cancel once both running ones have reported.
      const recorded = await Promise.all(
        jobs.map(({ store, job }) =>
          trainAndRecord(
            store,
            port.train,
            { ...job, signal: controller.signal },
            { onReady: () => ++started >= 2 && controller.abort() },
          ),
        ),
      );
      assert.deepEqual(
        recorded.map((r) => r.outcome.status),
        ['cancelled', 'cancelled', 'cancelled'],
        recorded.map((r) => r.outcome.message).join('; '),
      );
      const stopped = [...workers.entries()].filter(([name, w]) =>
        /cancelled by the host/.test(w.log.text().slice(marks.get(name))),
      );
      assert.equal(stopped.length, 2, 'both running jobs were stopped by their workers');
      for (const { store, variantId } of jobs) {
        const runs = store.listRuns({ variantId });
        assert.deepEqual(
          runs.map((r) => r.status),
          ['cancelled'],
        );
      }
      const queue = new Queue(workerQueueName, { connection: { host: '127.0.0.1', port: redis.port } });
      try {
        assert.deepEqual(await queue.getJobCounts('waiting', 'active'), { waiting: 0, active: 0 });
      } finally {
        await queue.close();
      }
    } finally {
      await port.close();
      await Promise.all(jobs.map(({ store }) => store.close()));
    }
  });

  it('a worker refuses a job of another protocol version, by name', async () => {
    const queue = new Queue(workerQueueName, { connection: { host: '127.0.0.1', port: redis.port } });
    try {
      const added = await queue.add('train', { protocol: 999, source: 'x' }, { attempts: 1 });
      let state = '';
      for (let i = 0; i < 100 && state !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = await added.getState();
      }
      assert.equal(state, 'failed');
      const failed = await queue.getJob(added.id!);
      assert.match(failed!.failedReason, /uses nngpt worker protocol 999, this nngpt speaks protocol 1/);
    } finally {
      await queue.close();
    }
  });

  it('an unreachable Redis is a quick, clear error that names the URL without its password', async () => {
    const port = await freePort();
    const probeStarted = Date.now();
    await assert.rejects(
      probeRedis(`redis://:hunter2@127.0.0.1:${port}`),
      (e: Error) =>
        e instanceof RedisUnreachableError &&
        e.message === `cannot reach Redis at redis://:***@127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    assert.ok(Date.now() - probeStarted < 5000, `the probe took ${Date.now() - probeStarted} ms`);
    // The same through the CLI (its start-up under tsx is most of the time).
    const started = Date.now();
    const cycle = startCli([
      'cycle',
      '--redis',
      `redis://:hunter2@127.0.0.1:${port}`,
      '--candidates',
      '1',
      '--store',
      join(dir, 'unreachable.sqlite'),
    ]);
    const out = collect(cycle);
    assert.equal(await exited(cycle), 2);
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    assert.match(
      out.text(),
      new RegExp(`cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}.*ECONNREFUSED`),
    );
    assert.doesNotMatch(out.text(), /hunter2/);
  });
});
