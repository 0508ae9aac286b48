// `npm run demo`: the main job on the embedded default — one offline cycle of 4 candidates from the
// shipped reference CNN on real Fashion-MNIST, no API key, no GPU, each candidate's epoch capped at 60 s. Prints the cycle table and leaves
// the history in .nngpt/demo/history.sqlite. Fashion-MNIST comes from Debian's
// dataset-fashion-mnist package when it is installed (or can be, as root), else it is downloaded once.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const debianDir = '/usr/share/datasets/fashion-mnist';

function fashionMnistDir() {
  if (existsSync(path.join(debianDir, 'train-images-idx3-ubyte.gz'))) return debianDir;
  const canApt = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (canApt) {
    console.error("demo: installing Debian's dataset-fashion-mnist (real Fashion-MNIST, offline-friendly)…");
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'dataset-fashion-mnist'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (install.status !== 0)
      (spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' }),
        spawnSync('apt-get', ['install', '-y', '-qq', 'dataset-fashion-mnist'], { stdio: 'inherit' }));
    if (existsSync(path.join(debianDir, 'train-images-idx3-ubyte.gz'))) return debianDir;
  }
  console.error('demo: Fashion-MNIST will be downloaded into ~/.cache/nngpt/datasets (checksum-verified).');
  return undefined;
}

execFileSync(process.execPath, [path.join(root, 'esbuild.js')], { stdio: 'inherit', cwd: root });
const dataDir = fashionMnistDir();
const args = [
  path.join(root, 'dist', 'cli.js'),
  'cycle',
  '--candidates',
  '4',
  '--dataset',
  'fashion-mnist',
  '--store',
  path.join(root, '.nngpt', 'demo', 'history.sqlite'),
  // NNGPT's proxy protocol bounds each epoch by time; 60 s keeps the demo near five minutes on two
  // cores whatever the mutations grow to (pass --time-limit to change it).
  '--time-limit',
  '60',
  ...(dataDir ? ['--data-dir', dataDir] : []),
  ...process.argv.slice(2),
];
const run = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
