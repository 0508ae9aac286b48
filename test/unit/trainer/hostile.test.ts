import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkNet } from '../../../src/core/netApi/checkNet';
import { startTraining } from '../../../src/core/training/trainerClient';
import type { TrainerClientOptions } from '../../../src/core/training/trainerClient';
import type { FailureReason } from '../../../src/shared/trainerProtocol';
import { trainerBundle } from './trainerBundle';

const fixtures = resolve(__dirname, '../../fixtures/hostile');

/** Each hostile Net, the reason the sandbox must give, and whether the static checker must refuse it first. */
const corpus: {
  file: string;
  reason: FailureReason;
  staticRefuses: boolean;
  limits?: Partial<TrainerClientOptions>;
  wasmThreads?: number;
}[] = [
  { file: 'writeFile', reason: 'sandbox', staticRefuses: true },
  { file: 'writeFileEscape', reason: 'sandbox', staticRefuses: true },
  { file: 'readSsh', reason: 'sandbox', staticRefuses: true },
  { file: 'spawnProcess', reason: 'sandbox', staticRefuses: true },
  { file: 'openSocket', reason: 'sandbox', staticRefuses: true },
  { file: 'evalCode', reason: 'sandbox', staticRefuses: true },
  { file: 'functionCtor', reason: 'sandbox', staticRefuses: false }, // `(() => 0).constructor` is beyond a static check
  { file: 'infiniteLoop', reason: 'timeout', staticRefuses: false, limits: { wallTimeLimitS: 8 } },
  { file: 'unboundedAllocation', reason: 'oom', staticRefuses: false, limits: { memoryLimitMB: 384 } },
  { file: 'unboundedBuffers', reason: 'oom', staticRefuses: false, limits: { memoryLimitMB: 384, rssHeadroomMB: 384 } },
  { file: 'nanLoss', reason: 'nan-loss', staticRefuses: false },
  { file: 'tensorLeak', reason: 'tensor-leak', staticRefuses: false },
  { file: 'startWorker', reason: 'sandbox', staticRefuses: true },
  { file: 'saveModel', reason: 'sandbox', staticRefuses: true },
  // With wasm threads on, the trainer may start workers: the rest of the sandbox must still hold.
  { file: 'startWorker', reason: 'sandbox', staticRefuses: true, wasmThreads: 2 },
  { file: 'writeFile', reason: 'sandbox', staticRefuses: true, wasmThreads: 2 },
  { file: 'spawnProcess', reason: 'sandbox', staticRefuses: true, wasmThreads: 2 },
];

function snapshot(dir: string): string {
  return readdirSync(dir)
    .sort()
    .map((f) => `${f}:${readFileSync(join(dir, f), 'utf8')}`)
    .join('\n');
}

describe('hostile Nets are refused or contained', function () {
  this.timeout(120_000);
  let work: string;
  let target: string;
  let untouched: string;
  let trainerPath: string;
  let server: Server;
  let connections = 0;

  before(async () => {
    trainerPath = await trainerBundle();
    work = mkdtempSync(join(tmpdir(), 'nngpt-hostile-'));
    target = join(work, 'outside');
    mkdirSync(target);
    writeFileSync(join(target, 'sentinel.txt'), 'original');
    untouched = snapshot(target);
    server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });

  after(() => {
    server.close();
    rmSync(work, { recursive: true, force: true });
  });

  for (const entry of corpus) {
    const withThreads = entry.wasmThreads ? ` (wasm threads ${entry.wasmThreads})` : '';
    it(`${entry.file}${withThreads}: ${entry.staticRefuses ? 'refused by checkNet, and ' : ''}contained by the sandbox as '${entry.reason}'`, async () => {
      const port = (server.address() as AddressInfo).port;
      const source = readFileSync(join(fixtures, `${entry.file}.net.ts`), 'utf8')
        .replaceAll('{{TARGET}}', target)
        .replaceAll('{{PORT}}', String(port));
      const errors = checkNet(source, `${entry.file}.net.ts`).findings.filter((f) => f.severity === 'error');
      if (entry.staticRefuses) assert.ok(errors.length > 0, `checkNet should refuse ${entry.file}`);
      const runDir = join(work, 'runs', `${entry.file}${entry.wasmThreads ?? ''}`);
      mkdirSync(runDir, { recursive: true });
      const handle = startTraining(
        {
          op: 'train',
          netSource: source,
          netFileName: `${entry.file}.net.ts`,
          spec: {
            dataset: 'fashion-mnist',
            epochs: 1,
            batchSize: 32,
            hyperparameters: { lr: 0.05 },
            maxTrainBatches: 40,
            dataDir: '/usr/share/datasets/fashion-mnist',
            backend: 'wasm',
            wasmThreads: entry.wasmThreads,
          },
        },
        { cacheDir: join(work, 'cache'), runDir, trainerPath, wallTimeLimitS: 60, ...entry.limits },
      );
      const result = await handle.result;
      if (process.env.NNGPT_TEST_VERBOSE) console.log(`      ${entry.file}: ${result.reason}: ${result.message}`);
      assert.equal(result.status, 'failed', `${entry.file}: ${JSON.stringify(result.message)}`);
      assert.equal(result.reason, entry.reason, `${entry.file}: ${result.message}`);
      assert.ok(result.message && result.message.length > 10);
      assert.equal(result.sandbox.permission, true, 'the permission model was on');
      assert.equal(snapshot(target), untouched, 'no file outside the run folder changed');
      assert.equal(connections, 0, 'no socket reached the test server');
    });
  }
});
