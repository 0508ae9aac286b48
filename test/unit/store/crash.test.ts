import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { HistoryStore } from '../../../src/core/store/historyStore';
import { locateSqlWasm, sqlWasmFile } from '../../../src/core/store/sqlJsLoader';
import { tempDir } from './tempStore';

const kills = 50;

/**
 * Runs the writer and SIGKILLs it `delayMs` after it has opened the store (or after spawning, when
 * `duringOpen`); returns the highest acknowledged row. Timing from the open, not the spawn, keeps
 * the kills landing among writes on a loaded machine.
 */
function runAndKill(
  bundle: string,
  file: string,
  delayMs: number,
  duringOpen: boolean,
): Promise<{ acked: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = 0;
    let buffered = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('ack ')) acked = Number(line.slice(4));
        else if (line.startsWith('start ') && !duringOpen) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timer = duringOpen ? setTimeout(() => child.kill('SIGKILL'), delayMs) : undefined;
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ acked, stderr });
    });
  });
}

describe('store crash safety', function () {
  this.timeout(120_000);
  let dir: string;
  let cleanup: () => void;
  let bundle: string;

  before(async () => {
    ({ dir, cleanup } = tempDir('nngpt-crash-'));
    // A bundle starts in ~0.1 s (tsx would cost ~1 s per kill) and loads sql-wasm.wasm from
    // beside itself, as the shipped CLI does.
    bundle = path.join(dir, 'crashWriter.js');
    await esbuild.build({
      entryPoints: [path.join(__dirname, 'crashWriter.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'silent',
    });
    fs.copyFileSync(locateSqlWasm() as string, path.join(dir, sqlWasmFile));
  });
  after(() => cleanup());

  it(`keeps every acknowledged write across ${kills} SIGKILLs at random moments`, async () => {
    const file = path.join(dir, 'store', 'history.sqlite');
    let acknowledged = 0;
    let killedMidWrite = 0;
    for (let round = 0; round < kills; round++) {
      // Every fifth kill lands anywhere from spawn through the open; the rest among the writes.
      const { acked, stderr } = await runAndKill(bundle, file, Math.random() * 300, round % 5 === 4);
      assert.equal(stderr, '', `writer failed in round ${round}`);
      acknowledged = Math.max(acknowledged, acked);
      if (!fs.existsSync(file)) {
        assert.equal(acknowledged, 0, `round ${round}: acknowledged writes but no file`);
        continue; // killed before the first persist
      }
      if (fs.readdirSync(path.dirname(file)).some((n) => n.includes('.tmp-'))) killedMidWrite++;
      // Opening for writing also proves the dead writer's stale lock is taken over.
      const store = await HistoryStore.open({ path: file });
      const rows = store
        .listVariants()
        .map(({ variant }) => Number(variant.name?.slice(4)))
        .sort((a, b) => a - b);
      await store.close();
      assert.ok(
        rows.length >= acknowledged,
        `round ${round}: ${rows.length} rows on disk, ${acknowledged} acknowledged`,
      );
      rows.forEach((n, i) => assert.equal(n, i + 1, `round ${round}: rows are a gap-free prefix`));
    }
    assert.ok(acknowledged >= kills, `the writer made progress (${acknowledged} rows)`);
    console.log(`      ${acknowledged} rows acknowledged; ${killedMidWrite} kills left a temp file (killed mid-write)`);
  });
});
