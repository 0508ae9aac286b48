// Bundles the four programs: extension host, trainer process and CLI (node), results webview (browser).
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Native or optional packages the trainer loads at run time when they are installed. */
const runtimeOnly = ['vscode', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'webgpu', 'esbuild'];

/** Prints errors in the `file:line:col: error: text` form VS Code's esbuild problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log(`[watch] build started (${build.initialOptions.outfile})`));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log(`[watch] build finished (${build.initialOptions.outfile})`);
    });
  },
};

const shared = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [problemMatcher],
};

const nodeProgram = (entry, outfile) => ({
  ...shared,
  entryPoints: [entry],
  outfile,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: runtimeOnly,
});

const programs = [
  nodeProgram('src/extension.ts', 'dist/extension.js'),
  nodeProgram('src/trainer/main.ts', 'dist/trainer.js'),
  { ...nodeProgram('src/cli/main.ts', 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' } },
  {
    ...shared,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
  },
].filter((p) => fs.existsSync(p.entryPoints[0]));

/** WebAssembly binaries the bundles load from beside themselves at run time. */
function copyWasm() {
  const files = [
    ['sql.js/dist/sql-wasm.wasm', 'sql-wasm.wasm'],
    ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', 'tfjs-backend-wasm.wasm'],
    ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-simd.wasm'],
    ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'],
  ];
  fs.mkdirSync('dist', { recursive: true });
  for (const [from, to] of files) {
    try {
      fs.copyFileSync(require.resolve(from), path.join('dist', to));
    } catch {
      // The package is not installed yet; the feature that needs it reports that at run time.
    }
  }
}

/**
 * The worker scripts of TF.js's threaded wasm build, as files beside the trainer: the sandboxed
 * trainer may read there but not write (src/trainer/perf/wasmThreadScripts.ts makes them).
 */
function writeWasmThreadScripts() {
  const tsx = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const result = spawnSync(
    process.execPath,
    [tsx, 'scripts/writeWasmThreadScripts.ts', path.join('dist', 'wasm-threads')],
    { stdio: 'inherit' },
  );
  // Without them the trainer still trains, on one thread, and says why threads are off.
  if (result.status !== 0)
    console.error('wasm thread scripts were not written; the trainer will run wasm on one thread');
}

/**
 * Dawn's Node bindings for the WebGPU rung, beside the bundles (dist/node_modules/webgpu), with only
 * this platform's add-on (21 MB of the package's 132 MB): the .vsix ships no node_modules, and the
 * trainer resolves `webgpu` from its own folder first. Missing package: the rung says "not installed".
 */
function copyWebgpuRuntime() {
  let from;
  try {
    from = path.dirname(require.resolve('webgpu/package.json'));
  } catch {
    return;
  }
  const binary = `${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}`;
  if (!fs.existsSync(path.join(from, 'dist', binary))) return;
  const to = path.join('dist', 'node_modules', 'webgpu');
  // Every build runs this: skip the 21 MB copy when the same version's add-on is already there.
  const addOn = (root) => path.join(root, 'dist', binary, 'dawn.node');
  const version = (root) => JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  if (
    fs.existsSync(addOn(to)) &&
    version(to) === version(from) &&
    fs.statSync(addOn(to)).size === fs.statSync(addOn(from)).size
  )
    return;
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(path.join(to, 'dist'), { recursive: true });
  for (const file of ['package.json', 'index.js', 'LICENSE.md'])
    fs.copyFileSync(path.join(from, file), path.join(to, file));
  fs.cpSync(path.join(from, 'dist', binary), path.join(to, 'dist', binary), { recursive: true });
}

async function main() {
  copyWasm();
  copyWebgpuRuntime();
  writeWasmThreadScripts();
  const contexts = await Promise.all(programs.map((p) => esbuild.context(p)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
