// The threaded wasm build starts in Node with the thread count asked for, gives the cpu backend's
// gradients, and is refused with a reason (not a crash) where workers are not allowed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadsUnavailableReason } from '../../../src/trainer/perf/wasmThreads';

const probe = join(__dirname, 'threadedWasmProbe.ts');

function runProbe(
  threads: number,
  scriptDir: string,
  nodeFlags: string[] = [],
): { threads: number; notes: string[]; worst: number; simd: boolean } {
  const run = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', probe, String(threads), scriptDir], {
    encoding: 'utf8',
    timeout: 60000,
  });
  assert.equal(run.status, 0, run.stderr.slice(-2000));
  const line = run.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  assert.ok(line, `no result line in: ${run.stdout.slice(-500)}`);
  return JSON.parse(line) as { threads: number; notes: string[]; worst: number; simd: boolean };
}

describe('threaded wasm backend in Node', function () {
  this.timeout(90000);
  let scriptDir: string;

  before(() => {
    scriptDir = mkdtempSync(join(tmpdir(), 'nngpt-wasm-threads-test-'));
  });

  after(() => {
    rmSync(scriptDir, { recursive: true, force: true });
  });

  it('runs 2 XNNPACK threads (even on a 2-vCPU machine) and matches the cpu backend', () => {
    const result = runProbe(2, scriptDir);
    assert.deepEqual(result.notes, []);
    assert.equal(result.threads, 2);
    assert.ok(result.worst < 1e-4, `relative error ${result.worst}`);
    assert.ok(result.simd, 'our SIMD module did not instantiate over the shared memory');
    assert.deepEqual(readdirSync(scriptDir).sort(), ['module.js', 'worker.js']);
  });

  it('works without eval (the sandbox flag) once the scripts exist', () => {
    const result = runProbe(2, scriptDir, ['--disallow-code-generation-from-strings']);
    assert.equal(result.threads, 2);
  });

  it('stays single-threaded when 1 thread is asked for', () => {
    const result = runProbe(1, scriptDir);
    assert.equal(result.threads, 1);
    assert.ok(result.worst < 1e-4);
    assert.ok(result.simd);
  });
});

describe('threadsUnavailableReason', () => {
  it('names --allow-worker when the permission model forbids workers', () => {
    const reason = threadsUnavailableReason({ permission: { has: (scope) => scope !== 'worker' } });
    assert.match(reason ?? '', /--allow-worker/);
  });

  it('has no objection without a permission model or with workers allowed', () => {
    assert.equal(threadsUnavailableReason({}), undefined);
    assert.equal(threadsUnavailableReason({ permission: { has: () => true } }), undefined);
  });
});
