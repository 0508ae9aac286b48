// The workspace both integration runners open: a fresh copy of test/fixtures/workspace (the tests
// edit files) plus the reference Net as good.net.ts, so the "valid Net" case is the shipped one.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, runsRoot } from '../../scripts/codeServer/paths.mjs';

/**
 * Recreates the fixture workspace under .cache/code-server-runs/<name>.
 * @param {string} name folder name for this runner's copy
 * @returns {string} absolute path of the copy
 */
export function prepareWorkspace(name) {
  const workspace = path.join(runsRoot, name);
  rmSync(workspace, { recursive: true, force: true });
  cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  cpSync(path.join(repoRoot, 'examples', 'nets', 'referenceCnn.net.ts'), path.join(workspace, 'good.net.ts'));
  return workspace;
}
