// Entry the extension host loads as `extensionTestsPath` for the trusted suite: the runner starts
// code-server with --disable-workspace-trust on a workspace whose settings point training at
// Debian's Fashion-MNIST and keep runs short. Bundled into dist/test/integrationTrusted.js.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { runMochaSuites } from '../shared/mochaHost';
import { defineGenerateVariantTests } from './generateVariant.test';
import { defineRunCycleTests } from './runCycle.test';

function defineTrustedWorkspaceTests(): void {
  describe('trusted workspace', () => {
    it('is trusted, so training and generation may run', () => {
      assert.equal(vscode.workspace.isTrusted, true);
    });
  });
}

/** Suites in run order; Generate Variant first, so its store rows predate the cycle's. */
const suites = [defineTrustedWorkspaceTests, defineGenerateVariantTests, defineRunCycleTests];

/** Called by VS Code's extension host once the workbench is up. */
export function run(): Promise<void> {
  return runMochaSuites(suites, 180_000);
}
