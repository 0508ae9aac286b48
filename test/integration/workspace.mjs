// Workspaces the integration runners and the end-to-end tests open: a fresh copy of
// test/fixtures/workspace (the tests edit files), optionally with an overlay fixture copied over it
// (its .vscode/settings.json replaces the base one), plus the shipped reference Net under the names
// the tests use, so the "valid Net" and the seed are the real thing.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, runsRoot } from '../../scripts/codeServer/paths.mjs';

const fixtures = path.join(repoRoot, 'test', 'fixtures');
const referenceNet = path.join(repoRoot, 'examples', 'nets', 'referenceCnn.net.ts');

/**
 * Recreates a fixture workspace under .cache/code-server-runs/<name>.
 * @param {string} name folder name for this runner's copy
 * @param {{ overlay?: string, referenceCopies?: string[] }} [options] overlay: a folder under
 *   test/fixtures copied over the base; referenceCopies: file names the reference Net is copied to
 *   (default good.net.ts)
 * @returns {string} absolute path of the copy
 */
export function prepareWorkspace(name, { overlay, referenceCopies = ['good.net.ts'] } = {}) {
  const workspace = path.join(runsRoot, name);
  rmSync(workspace, { recursive: true, force: true });
  cpSync(path.join(fixtures, 'workspace'), workspace, { recursive: true });
  if (overlay) cpSync(path.join(fixtures, overlay), workspace, { recursive: true });
  for (const file of referenceCopies) cpSync(referenceNet, path.join(workspace, file));
  return workspace;
}

/** The trusted workspace: short Fashion-MNIST training settings and the reference Net as seed.net.ts. */
export function prepareTrustedWorkspace(name) {
  return prepareWorkspace(name, { overlay: 'workspaceTrusted', referenceCopies: ['good.net.ts', 'seed.net.ts'] });
}
