// The packaged extension, as a user installs it: `npm run package` builds dist/nngpt.vsix, which is
// unpacked into a temporary folder (no repository, no node_modules beside it) and used from there —
// its CLI checks and trains the shipped reference Net on Fashion-MNIST through the sandboxed
// trainer, with wasm threads, and its WebGPU rung reaches Dawn instead of reporting the package
// missing. Last line: `N passed, N failed` (.ci/run adds it to the total).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fashion = '/usr/share/datasets/fashion-mnist';
const dawnFolder = `${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}`;
const counts = { passed: 0, failed: 0 };

function check(title, test) {
  try {
    test();
    console.log(`  ✔ ${title}`);
    counts.passed++;
  } catch (e) {
    console.log(
      `  ✘ ${title}\n      ${String(e instanceof Error ? e.message : e)
        .split('\n')
        .join('\n      ')}`,
    );
    counts.failed++;
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs the unpacked CLI; returns its exit code and output. */
function cli(extensionDir, args) {
  const run = spawnSync(process.execPath, [path.join(extensionDir, 'dist', 'cli.js'), ...args], {
    encoding: 'utf8',
    timeout: 240_000,
    cwd: tmpdir(),
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The last JSON object a command printed. */
function lastJson(text) {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  assert(start >= 0 && end > start, `no JSON in: ${text.slice(-400)}`);
  return JSON.parse(text.slice(start, end + 1));
}

const work = mkdtempSync(path.join(tmpdir(), 'nngpt-vsix-'));
try {
  console.log('[package] npm run package');
  execFileSync('npm', ['run', '-s', 'package'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  const vsix = path.join(repo, 'dist', 'nngpt.vsix');
  // A .vsix is a zip; Python's zipfile is on every machine that runs the tests (python3 is required).
  execFileSync('python3', ['-m', 'zipfile', '-e', vsix, work]);
  const extension = path.join(work, 'extension');

  check(
    "the .vsix holds the bundles, the wasm binaries, the thread scripts and this platform's Dawn add-on, and no sources",
    () => {
      const wanted = [
        'package.json',
        'readme.md',
        'dist/extension.js',
        'dist/trainer.js',
        'dist/cli.js',
        'dist/webview.js',
        'dist/sql-wasm.wasm',
        'dist/tfjs-backend-wasm-simd.wasm',
        'dist/tfjs-backend-wasm-threaded-simd.wasm',
        'dist/wasm-threads/worker.js',
        'dist/wasm-threads/module.js',
        `dist/node_modules/webgpu/dist/${dawnFolder}/dawn.node`,
        'examples/nets/referenceCnn.net.ts',
        'prompts',
        'snippets',
      ];
      const missing = wanted.filter((p) => !existsSync(path.join(extension, p)));
      assert(missing.length === 0, `missing from the .vsix: ${missing.join(', ')}`);
      const unwanted = ['src', 'test', 'node_modules', 'bench', '.ci'].filter((p) =>
        existsSync(path.join(extension, p)),
      );
      assert(unwanted.length === 0, `in the .vsix but should not be: ${unwanted.join(', ')}`);
    },
  );

  check('its CLI checks the shipped reference Net clean', () => {
    const r = cli(extension, ['check', path.join(extension, 'examples/nets/referenceCnn.net.ts')]);
    assert(r.status === 0, `exit ${r.status}: ${r.stdout}${r.stderr}`);
  });

  check(
    'its CLI joins a worker pool with the queue client bundled (no node_modules): an unreachable Redis is named',
    () => {
      const r = cli(extension, ['worker', '--redis', 'redis://:secret@127.0.0.1:1']);
      assert(r.status === 2, `exit ${r.status}: ${r.stdout}${r.stderr}`);
      assert(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1: .*ECONNREFUSED/.test(r.stderr), r.stderr);
      assert(!r.stderr.includes('secret'), 'the password was printed');
    },
  );

  check(
    'its sandboxed trainer trains the reference Net on Fashion-MNIST with 2 wasm threads, and its WebGPU rung reaches Dawn',
    () => {
      const net = path.join(extension, 'examples/nets/referenceCnn.net.ts');
      const r = cli(extension, [
        'train',
        net,
        '--data-dir',
        fashion,
        '--max-batches',
        '40',
        '--threads',
        '2',
        '--json',
      ]);
      const out = lastJson(r.stdout);
      assert(
        r.status === 0 && out.status === 'ok',
        `exit ${r.status}, ${out.status}: ${out.message ?? r.stderr.slice(-400)}`,
      );
      assert(out.sandbox?.permission === true, `permission model off: ${JSON.stringify(out.sandbox)}`);
      assert(
        out.summary?.backendNote?.includes('2 threads') || out.backend !== 'wasm',
        `backend note: ${out.summary?.backendNote}`,
      );
      const webgpu = (out.skipped ?? []).find((s) => s.backend === 'webgpu');
      // Chosen (a GPU machine) or skipped for a reason Dawn gave — never "not installed".
      assert(
        out.backend === 'webgpu' || (webgpu && !/not installed/.test(webgpu.reason)),
        `webgpu: ${JSON.stringify(webgpu)}`,
      );
      assert(out.epochs?.[0]?.testAccuracy > 0.3, `test accuracy ${out.epochs?.[0]?.testAccuracy}`);
    },
  );
} catch (e) {
  console.log(`  ✘ packaging failed: ${e instanceof Error ? e.message : String(e)}`);
  counts.failed++;
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed > 0 ? 1 : 0);
