// The online route: runs the same bundled suite in desktop VS Code that @vscode/test-electron
// downloads (needs internet the first time; it caches under .cache/vscode-test/). CI here uses
// runInCodeServer.mjs instead. Usage: npm run test:integration:electron
// VSCODE_TEST_VERSION picks the VS Code version (default: stable).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot, runsRoot } from '../../scripts/codeServer/paths.mjs';
import { baseSettings } from '../../scripts/codeServer/server.mjs';
import { integrationBundle } from './build.mjs';
import { prepareWorkspace } from './workspace.mjs';

async function main() {
  const workspace = prepareWorkspace('electron-workspace');
  // Same user settings as the code-server route, so the trust suite sees the same restricted mode.
  const userDataDir = path.join(runsRoot, 'electron-user-data');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(baseSettings, null, 2));
  return runTests({
    version: process.env.VSCODE_TEST_VERSION ?? 'stable',
    cachePath: path.join(repoRoot, '.cache', 'vscode-test'),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: integrationBundle,
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      userDataDir,
    ],
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[electron runner] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
