// Starts and stops one code-server process in its own session, with every file it writes
// (HOME, XDG folders, TMPDIR, profile, extensions, log) inside one run folder.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { offlineTools } from './paths.mjs';

/** User settings every session starts with; callers' settings are merged over them. */
export const baseSettings = {
  // Keeps the chat/AI background process from starting (it only costs memory here).
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  // Run folders live inside this repository's checkout; Git's "open the parent repository?" toast
  // would cover the lower right of every screenshot.
  'git.openRepositoryInParentFolders': 'never',
  // The trust prompt is a modal that would cover the workbench; trust stays enforced.
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
};

/** Asks the kernel for a free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/** Last `count` lines of a text file, or '' when it is missing. */
export function tail(file, count = 40) {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-count).join('\n');
}

/**
 * Starts code-server on a free port and waits until /healthz answers.
 * @param {object} options
 * @param {string} options.workspace folder the workbench opens
 * @param {string} options.runDir run folder; created, and holds everything the server writes
 * @param {Record<string, string>} [options.env] extra environment (the extension host inherits it)
 * @param {Record<string, unknown>} [options.settings] user settings merged over the defaults
 * @param {boolean} [options.disableWorkspaceTrust] pass --disable-workspace-trust (default false)
 * @param {number} [options.readyTimeoutMs] how long /healthz may take (default 60 s)
 * @returns {Promise<{ url: string, pid: number, logFile: string, exited: Promise<number | null>, stop: () => Promise<void> }>}
 */
export async function startServer({
  workspace,
  runDir,
  env = {},
  settings = {},
  disableWorkspaceTrust = false,
  readyTimeoutMs = 60_000,
}) {
  const { nodeBinDir, codeServer } = offlineTools();
  const dirs = Object.fromEntries(
    ['home', 'config', 'data', 'cache', 'state', 'tmp', 'user-data', 'extensions'].map((name) => [
      name,
      path.join(runDir, name),
    ]),
  );
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
  writeFileSync(
    path.join(dirs['user-data'], 'User', 'settings.json'),
    JSON.stringify({ ...baseSettings, ...settings }, null, 2),
  );

  const port = await freePort();
  const args = [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir',
    dirs['user-data'],
    '--extensions-dir',
    dirs.extensions,
    ...(disableWorkspaceTrust ? ['--disable-workspace-trust'] : []),
    workspace,
  ];
  const logFile = path.join(runDir, 'code-server.log');
  const logFd = openSync(logFile, 'a');
  // detached: true makes the child call setsid(), so it leads a new process group that stop()
  // kills as a whole; otherwise extension hosts linger waiting for a browser that is gone.
  const child = spawn(codeServer, args, {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: {
      ...process.env,
      ...env,
      PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: dirs.home,
      XDG_CONFIG_HOME: dirs.config,
      XDG_DATA_HOME: dirs.data,
      XDG_CACHE_HOME: dirs.cache,
      XDG_STATE_HOME: dirs.state,
      TMPDIR: dirs.tmp,
    },
  });
  closeSync(logFd);
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = /** @type {number} */ (child.pid);
  const killGroup = (signal) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  // If the runner dies on an uncaught error, the server must not outlive it.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  const stop = async () => {
    process.removeListener('exit', onExit);
    killGroup('SIGTERM');
    const timer = new Promise((resolve) => setTimeout(resolve, 3000, 'timeout'));
    if ((await Promise.race([exited, timer])) === 'timeout') killGroup('SIGKILL');
    // Children (extension host, file watcher) may still be exiting after the server itself.
    await new Promise((resolve) => setTimeout(resolve, 200));
    killGroup('SIGKILL');
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, exited, readyTimeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`${/** @type {Error} */ (error).message}\n--- ${logFile} (tail) ---\n${tail(logFile)}`);
  }
  return { url, pid, logFile, exited, stop };
}

/** Polls GET /healthz until it answers 200, the server exits, or the time is up. */
async function waitForHealth(url, exited, timeoutMs) {
  let exitCode;
  exited.then((code) => (exitCode = code ?? 'signal'));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before answering /healthz`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}
